using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>A library, the same on every device that shares it (library.conf id).</summary>
[JsonConverter(typeof(GuidIdJsonConverter<LibraryId>))]
public readonly record struct LibraryId(Guid Value) : IGuidId<LibraryId>, IParsable<LibraryId>
{
    public static LibraryId New() => new(GuidIds.NewGuid());

    public static LibraryId FromGuid(Guid value) => new(value);

    public static LibraryId Parse(string s) => GuidIds.Parse<LibraryId>(s);

    public static LibraryId Parse(string s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out LibraryId result) => GuidIds.TryParse(s, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out LibraryId result) => TryParse(s, out result);

    public override string ToString() => GuidIds.Format(Value);
}
