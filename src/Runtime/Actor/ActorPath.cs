using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// The logical path of an actor: address plus names from the root, e.g. <c>spacedrive://sys/user/a</c>.
/// Equality ignores <see cref="Uid"/> (a path names a place, a ref names one incarnation at that place).
/// Only the root stores the address so that the per-actor path stays small.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>, IComparable<ActorPath>
{
    private const string ValidSymbols = "\"-_.*$+:@&=,!~';()";
    private readonly Address? _address;

    private ActorPath(Address address)
    {
        _address = address;
        Name = "";
    }

    private ActorPath(ActorPath parent, string name, long uid)
    {
        Parent = parent;
        Name = name;
        Uid = uid;
    }

    public ActorPath? Parent { get; }
    public string Name { get; }
    /// <summary>The incarnation id; 0 when the path was built or parsed without one.</summary>
    public long Uid { get; }
    public bool IsRoot => Parent is null;

    public ActorPath Root
    {
        get
        {
            var p = this;
            while (p.Parent is not null) p = p.Parent;
            return p;
        }
    }

    public Address Address => Root._address!;

    public int Depth
    {
        get
        {
            var depth = 0;
            for (var p = this; p.Parent is not null; p = p.Parent) depth++;
            return depth;
        }
    }

    /// <summary>The names below the root, outermost first (<c>["user", "a"]</c>).</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new string[Depth];
            var i = elements.Length;
            for (var p = this; p.Parent is not null; p = p.Parent) elements[--i] = p.Name;
            return elements;
        }
    }

    public static ActorPath CreateRoot(Address address) => new(address);

    public ActorPath Child(string name) => new(this, name, 0);

    public ActorPath Child(string name, long uid) => new(this, name, uid);

    public ActorPath WithUid(long uid) =>
        uid == Uid || Parent is null ? this : new ActorPath(Parent, Name, uid);

    public string ToStringWithoutAddress()
    {
        if (Parent is null) return "/";
        var builder = new StringBuilder();
        AppendElements(builder, this);
        return builder.ToString();
    }

    public override string ToString()
    {
        var builder = new StringBuilder(64);
        builder.Append(Address.ToString());
        if (Parent is null) builder.Append('/');
        else AppendElements(builder, this);
        return builder.ToString();
    }

    /// <summary>The form refs travel in: the full path plus <c>#uid</c> when the uid is known.</summary>
    public string ToSerializationFormat() =>
        Uid == 0 ? ToString() : ToString() + "#" + Uid.ToString(CultureInfo.InvariantCulture);

    private static void AppendElements(StringBuilder builder, ActorPath path)
    {
        if (path.Parent is null) return;
        AppendElements(builder, path.Parent);
        builder.Append('/').Append(path.Name);
    }

    public static ActorPath Parse(string path) =>
        TryParse(path, out var result) ? result : throw new UriFormatException($"Can not parse an ActorPath: {path}");

    public static bool TryParse(string? path, [NotNullWhen(true)] out ActorPath? result)
    {
        result = null;
        if (string.IsNullOrEmpty(path)) return false;
        var schemeEnd = path.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return false;
        var protocol = path[..schemeEnd];
        var rest = path[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var system = slash < 0 ? rest : rest[..slash];
        if (system.Length == 0) return false;
        var current = CreateRoot(new Address(protocol, system));
        if (slash < 0) { result = current; return true; }

        var elementsPart = rest[(slash + 1)..];
        long uid = 0;
        var hash = elementsPart.LastIndexOf('#');
        if (hash >= 0)
        {
            if (!long.TryParse(elementsPart.AsSpan(hash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out uid)) return false;
            elementsPart = elementsPart[..hash];
        }
        var elements = elementsPart.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < elements.Length; i++)
        {
            if (!IsValidPathElement(elements[i]) && !elements[i].StartsWith('$')) return false;
            current = current.Child(elements[i], i == elements.Length - 1 ? uid : 0);
        }
        result = current;
        return true;
    }

    /// <summary>Akka's rule: ASCII letters, digits, <c>-_.*$+:@&amp;=,!~';()</c> and %XX escapes; not starting with '$'.</summary>
    public static bool IsValidPathElement(string? name)
    {
        if (string.IsNullOrEmpty(name) || name[0] == '$') return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c) || ValidSymbols.Contains(c, StringComparison.Ordinal)) continue;
            if (c == '%' && i + 2 < name.Length && char.IsAsciiHexDigit(name[i + 1]) && char.IsAsciiHexDigit(name[i + 2]))
            {
                i += 2;
                continue;
            }
            return false;
        }
        return true;
    }

    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null) return false;
        var a = this;
        var b = other;
        while (true)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a.Parent is null || b.Parent is null)
                return a.Parent is null && b.Parent is null && a._address == b._address;
            if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal)) return false;
            a = a.Parent;
            b = b.Parent;
        }
    }

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        for (var p = this; p is not null; p = p.Parent)
        {
            if (p.Parent is null) hash.Add(p._address);
            else hash.Add(p.Name, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public int CompareTo(ActorPath? other) =>
        other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());

    public static bool operator ==(ActorPath? left, ActorPath? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(ActorPath? left, ActorPath? right) => !(left == right);
    public static bool operator <(ActorPath? left, ActorPath? right) => Compare(left, right) < 0;
    public static bool operator <=(ActorPath? left, ActorPath? right) => Compare(left, right) <= 0;
    public static bool operator >(ActorPath? left, ActorPath? right) => Compare(left, right) > 0;
    public static bool operator >=(ActorPath? left, ActorPath? right) => Compare(left, right) >= 0;

    private static int Compare(ActorPath? left, ActorPath? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
