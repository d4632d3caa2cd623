using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>A file-system entry, stable across re-indexing and devices: entries.uuid (the local integer row id never leaves the database).</summary>
[JsonConverter(typeof(GuidIdJsonConverter<EntryId>))]
public readonly record struct EntryId(Guid Value) : IGuidId<EntryId>, IParsable<EntryId>
{
    public static EntryId New() => new(GuidIds.NewGuid());

    public static EntryId FromGuid(Guid value) => new(value);

    public static EntryId Parse(string s) => GuidIds.Parse<EntryId>(s);

    public static EntryId Parse(string s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out EntryId result) => GuidIds.TryParse(s, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out EntryId result) => TryParse(s, out result);

    public override string ToString() => GuidIds.Format(Value);
}
