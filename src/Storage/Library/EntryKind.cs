namespace Spacedrive.Storage.Library;

/// <summary>entries.kind. Only directories have children and closure rows.</summary>
public enum EntryKind
{
    File = 0,
    Directory = 1,
    Symlink = 2,

    /// <summary>FIFO, socket, device node: listed, never read.</summary>
    Special = 3,
}
