namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// "Later wins" merging, used for repeated keys, includes, <see cref="Config.WithFallback"/> and
/// <see cref="Config.WithValue(string, HoconValue)"/>: objects merge deeply, anything else replaces.
/// </summary>
internal static class HoconMerge
{
    /// <summary>
    /// Sets <c>a.b.c = value</c> in <paramref name="target"/>, merging with what is already there. Objects already in
    /// <paramref name="target"/> are changed in place, so it must be a tree under construction that nothing else shares.
    /// </summary>
    public static void SetField(HoconObject target, IReadOnlyList<string> key, HoconValue value)
    {
        for (var i = 0; i < key.Count - 1; i++)
        {
            if (target.TryGetValue(key[i], out var existing) && existing is HoconObject existingObject)
            {
                target = existingObject;
                continue;
            }
            var nested = value;
            for (var j = key.Count - 1; j > i; j--)
            {
                var wrapper = new HoconObject(value.Origin);
                wrapper.Set(key[j], nested);
                nested = wrapper;
            }
            target.Set(key[i], existing is null ? nested : Merge(existing, nested));
            return;
        }
        var last = key[^1];
        if (!target.TryGetValue(last, out var earlier)) target.Set(last, value);
        else if (earlier is HoconObject earlierObject && value is HoconObject laterObject) MergeInPlace(earlierObject, laterObject);
        else target.Set(last, Merge(earlier, value));
    }

    private static void MergeInPlace(HoconObject target, HoconObject later)
    {
        foreach (var (key, value) in later) SetField(target, [key], value);
    }

    public static HoconValue Merge(HoconValue earlier, HoconValue later)
    {
        if (HasSelfReference(later)) return FillSelfReferences(later, earlier);
        return later switch
        {
            HoconObject laterObject when earlier is HoconObject earlierObject => MergeObjects(earlierObject, laterObject),
            HoconObject when earlier.IsResolved => later,
            // Whether these merge or replace depends on what the substitutions become; an optional one
            // that turns out missing even leaves the earlier value in place.
            HoconObject or HoconSubstitution or HoconConcatenation or HoconDelayedMerge => Delay(earlier, later),
            _ => later,
        };
    }

    public static HoconObject MergeObjects(HoconObject earlier, HoconObject later)
    {
        var result = earlier.ShallowCopy(later.Origin);
        foreach (var (key, value) in later)
            result.Set(key, earlier.TryGetValue(key, out var earlierValue) ? Merge(earlierValue, value) : value);
        return result;
    }

    private static HoconDelayedMerge Delay(HoconValue earlier, HoconValue later)
    {
        var layers = earlier is HoconDelayedMerge d ? [.. d.Layers] : new List<HoconValue> { earlier };
        if (later is HoconDelayedMerge laterMerge) layers.AddRange(laterMerge.Layers);
        else layers.Add(later);
        return new HoconDelayedMerge(layers, later.Origin);
    }

    private static bool HasSelfReference(HoconValue value) => value switch
    {
        HoconSubstitution s => s.SelfReference != SelfReference.None,
        HoconConcatenation c => c.Parts.Any(p => p is HoconSubstitution { SelfReference: not SelfReference.None }),
        _ => false,
    };

    private static HoconValue FillSelfReferences(HoconValue later, HoconValue earlier) => later switch
    {
        HoconSubstitution s => Fill(s, earlier),
        HoconConcatenation c => new HoconConcatenation([.. c.Parts.Select(p => p is HoconSubstitution s ? Fill(s, earlier) : p)], c.Origin),
        _ => later,
    };

    private static HoconValue Fill(HoconSubstitution substitution, HoconValue earlier)
    {
        if (substitution.SelfReference == SelfReference.None) return substitution;
        var value = earlier;
        foreach (var key in substitution.PathInsideEarlierValue)
        {
            // Not found in this earlier layer: leave it for an older layer, or the environment.
            if (value is not HoconObject obj || !obj.TryGetValue(key, out var child)) return substitution;
            value = child;
        }
        return value;
    }
}
