using System.Collections;

namespace Spacedrive.Runtime.Configuration;

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "HOCON's own names, as in Akka.")]
public sealed class HoconArray : HoconValue, IReadOnlyList<HoconValue>
{
    private readonly HoconValue[] _items;

    public HoconArray(IEnumerable<HoconValue> items, ConfigOrigin? origin = null) : base(origin ?? ConfigOrigin.Code) =>
        _items = [.. items];

    public override HoconValueType Type => HoconValueType.Array;

    public int Count => _items.Length;

    public HoconValue this[int index] => _items[index];

    public IEnumerator<HoconValue> GetEnumerator() => ((IEnumerable<HoconValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
