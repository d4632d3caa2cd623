using System.Text;

namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// Replaces every substitution with the value it names in the whole merged tree. Works on its own copy of the
/// tree and writes each resolved value back in place, so a value used by many substitutions is resolved once.
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObject _root;
    private readonly Func<string, string?> _environment;

    // Unresolved nodes being resolved right now, innermost last: meeting one again is a cycle.
    private readonly List<(HoconValue Node, string Description)> _inProgress = [];

    private HoconResolver(HoconObject root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public static HoconObject Resolve(HoconObject root, Func<string, string?>? environment = null)
    {
        if (IsFullyResolved(root)) return root;
        var copy = (HoconObject)DeepCopy(root);
        new HoconResolver(copy, environment ?? Environment.GetEnvironmentVariable).ResolveChildren(copy, []);
        return copy;
    }

    internal static bool IsFullyResolved(HoconValue value) => value switch
    {
        HoconObject o => o.Values.All(IsFullyResolved),
        HoconArray a => a.All(IsFullyResolved),
        _ => value.IsResolved,
    };

    private static HoconValue DeepCopy(HoconValue value)
    {
        switch (value)
        {
            case HoconObject o:
                var copy = new HoconObject(o.Origin);
                foreach (var (key, child) in o) copy.Set(key, DeepCopy(child));
                return copy;
            case HoconArray a:
                return a.All(i => i is HoconScalar) ? a : new HoconArray(a.Select(DeepCopy), a.Origin);
            case HoconConcatenation c:
                return new HoconConcatenation([.. c.Parts.Select(DeepCopy)], c.Origin);
            case HoconDelayedMerge m:
                return new HoconDelayedMerge([.. m.Layers.Select(DeepCopy)], m.Origin);
            default:
                return value;
        }
    }

    private void ResolveChildren(HoconObject target, List<string> path)
    {
        foreach (var key in target.KeySnapshot())
        {
            if (!target.TryGetValue(key, out var value)) continue;
            path.Add(key);
            var resolved = value.IsResolved ? value : ResolveTracked(value, path);
            if (!ReferenceEquals(resolved, value))
            {
                if (resolved is null) target.Remove(key);
                else target.Set(key, resolved);
            }
            if (resolved is HoconObject child) ResolveChildren(child, path);
            else if (resolved is HoconArray array && !IsFullyResolved(array)) target.Set(key, ResolveArray(array, path));
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Resolves one node; null means "absent" (a missing optional substitution).</summary>
    private HoconValue? ResolveTracked(HoconValue node, List<string> path)
    {
        var description = $"{string.Join('.', path.Select(HoconRenderer.RenderKey))} ({node.Origin})";
        if (_inProgress.Exists(entry => ReferenceEquals(entry.Node, node)))
        {
            var chain = _inProgress.SkipWhile(entry => !ReferenceEquals(entry.Node, node)).Select(entry => entry.Description);
            throw new ConfigException($"Substitution cycle: {string.Join(" -> ", chain)} -> {description}");
        }
        _inProgress.Add((node, description));
        try
        {
            return ResolveShallow(node, path);
        }
        finally
        {
            _inProgress.RemoveAt(_inProgress.Count - 1);
        }
    }

    /// <summary>Resolves a node but not the children of an object it yields, which stay to be resolved in place.</summary>
    private HoconValue? ResolveShallow(HoconValue node, List<string> path) => node switch
    {
        HoconSubstitution s => ResolveSubstitution(s),
        HoconConcatenation c => ResolveConcatenation(c, path),
        HoconDelayedMerge m => ResolveDelayedMerge(m, path),
        HoconArray a => ResolveArray(a, path),
        _ => node,
    };

    private HoconValue? ResolveDeep(HoconValue node, List<string> path)
    {
        var resolved = node.IsResolved ? node : ResolveTracked(node, path);
        if (resolved is HoconObject o) ResolveChildren(o, path);
        else if (resolved is HoconArray a && !IsFullyResolved(a)) resolved = ResolveArray(a, path);
        return resolved;
    }

    private HoconArray ResolveArray(HoconArray array, List<string> path)
    {
        var items = new List<HoconValue>(array.Count);
        foreach (var item in array)
        {
            var resolved = ResolveDeep(item, path);
            if (resolved is not null) items.Add(resolved);
        }
        return new HoconArray(items, array.Origin);
    }

    private HoconValue? ResolveSubstitution(HoconSubstitution substitution)
    {
        // A self-reference still here had no earlier value in any layer: only the environment can supply one.
        var found = substitution.SelfReference == SelfReference.None ? Lookup(substitution.Path) : null;
        if (found is not null) return found;
        if (substitution.SelfReference != SelfReference.Append)
        {
            var fromEnvironment = _environment(string.Join('.', substitution.Path.Segments));
            if (fromEnvironment is not null) return HoconScalar.String(fromEnvironment, new ConfigOrigin("env:" + substitution.Path, 0));
        }
        if (substitution.IsOptional) return null;
        var reason = substitution.SelfReference == SelfReference.None
            ? "no such path in the configuration and no environment variable of that name"
            : "the field refers to its own earlier value but has none, and no environment variable has that name";
        throw new ConfigException($"Unresolved substitution {substitution.Expression} at {substitution.Origin}: {reason}");
    }

    /// <summary>The fully resolved value at <paramref name="path"/>, resolving what lies on the way.</summary>
    private HoconValue? Lookup(HoconPath path)
    {
        HoconObject current = _root;
        var walked = new List<string>(path.Segments.Count);
        for (var i = 0; i < path.Segments.Count; i++)
        {
            var key = path.Segments[i];
            if (!current.TryGetValue(key, out var child)) return null;
            walked.Add(key);
            if (!child.IsResolved)
            {
                var resolved = ResolveTracked(child, walked);
                if (resolved is null)
                {
                    current.Remove(key);
                    return null;
                }
                current.Set(key, resolved);
                child = resolved;
            }
            if (i == path.Segments.Count - 1) return ResolveDeep(child, walked);
            if (child is not HoconObject next) return null;
            current = next;
        }
        return null;
    }

    private HoconValue? ResolveConcatenation(HoconConcatenation concatenation, List<string> path)
    {
        var parts = new List<HoconValue>(concatenation.Parts.Count);
        foreach (var part in concatenation.Parts)
        {
            var resolved = part.IsResolved ? part : ResolveTracked(part, path);
            if (resolved is not null) parts.Add(resolved);
        }
        var meaningful = parts.Where(p => p is not HoconScalar { IsWhitespace: true }).ToList();
        if (meaningful.Count == 0) return null;
        if (meaningful.Count == 1)
        {
            // Whitespace left beside a missing optional substitution is not content: ${?a} ${b} is just b.
            return meaningful[0] is HoconArray single ? ResolveArray(single, path) : meaningful[0];
        }

        if (meaningful.TrueForAll(p => p is HoconScalar))
        {
            var text = new StringBuilder();
            foreach (var part in parts) text.Append(((HoconScalar)part).Text);
            return HoconScalar.String(text.ToString(), concatenation.Origin);
        }
        if (meaningful.TrueForAll(p => p is HoconObject))
        {
            var merged = meaningful[0];
            for (var i = 1; i < meaningful.Count; i++) merged = HoconMerge.Merge(merged, meaningful[i]);
            return merged is HoconObject ? merged : ResolveShallow(merged, path);
        }
        if (meaningful.TrueForAll(p => p is HoconArray))
            return new HoconArray(meaningful.SelectMany(p => ResolveArray((HoconArray)p, path)), concatenation.Origin);

        var kinds = string.Join(", ", meaningful.Select(p => p.Type.ToString().ToLowerInvariant()));
        throw new ConfigException(
            $"Cannot concatenate {kinds} at {string.Join('.', path.Select(HoconRenderer.RenderKey))} ({concatenation.Origin}): " +
            "strings join with strings, objects with objects, arrays with arrays");
    }

    private HoconValue? ResolveDelayedMerge(HoconDelayedMerge merge, List<string> path)
    {
        HoconValue? result = null;
        foreach (var layer in merge.Layers)
        {
            var resolved = layer.IsResolved ? layer : ResolveTracked(layer, path);
            if (resolved is null) continue;
            result = result is HoconObject earlier && resolved is HoconObject later
                ? HoconMerge.MergeObjects(earlier, later)
                : resolved;
        }
        return result;
    }
}
