using Spacedrive.Actors.FileTypes;
using Spacedrive.Storage.Search;

namespace Spacedrive.Actors.Search;

/// <summary>Search categories are the file type system's content kinds (<c>image</c>, <c>model-entry</c>…).</summary>
public sealed class ContentKindNames : ICategoryNames
{
    public static ContentKindNames Instance { get; } = new();

    public string Name(int id) => Enum.IsDefined((ContentKind)id) ? ((ContentKind)id).Name() : ContentKind.Unknown.Name();

    public bool TryGetId(string name, out int id)
    {
        var ok = ContentKinds.TryParse(name, out var kind);
        id = (int)kind;
        return ok;
    }
}
