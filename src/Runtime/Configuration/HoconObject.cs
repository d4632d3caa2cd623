using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Spacedrive.Runtime.Configuration;

/// <summary>An object: fields in the order they were first written.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "HOCON's own names, as in Akka.")]
public sealed class HoconObject : HoconValue, IReadOnlyDictionary<string, HoconValue>
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(ConfigOrigin? origin = null) : base(origin ?? ConfigOrigin.Code) =>
        _fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);

    private HoconObject(ConfigOrigin origin, OrderedDictionary<string, HoconValue> fields) : base(origin) => _fields = fields;

    public override HoconValueType Type => HoconValueType.Object;

    public int Count => _fields.Count;

    public IEnumerable<string> Keys => _fields.Keys;

    public IEnumerable<HoconValue> Values => _fields.Values;

    public HoconValue this[string key] => _fields[key];

    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out HoconValue value) => _fields.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, HoconValue>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Mutation is internal: the parser builds fresh objects and the resolver works on its own copy,
    // so a tree reachable from a Config never changes after construction.
    internal void Set(string key, HoconValue value) => _fields[key] = value;

    internal bool Remove(string key) => _fields.Remove(key);

    internal HoconObject ShallowCopy(ConfigOrigin origin) =>
        new(origin, new OrderedDictionary<string, HoconValue>(_fields, StringComparer.Ordinal));

    internal List<string> KeySnapshot() => [.. _fields.Keys];
}
