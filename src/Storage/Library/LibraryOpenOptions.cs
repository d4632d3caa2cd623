namespace Spacedrive.Storage.Library;

/// <summary>How much to verify when opening an existing library.db.</summary>
public sealed record LibraryOpenOptions
{
    public static LibraryOpenOptions Default { get; } = new();

    /// <summary>
    /// Run <c>PRAGMA quick_check</c> on open. It reads the whole file (about a second per few hundred
    /// MB), so it is off by default; the header checks on open are cheap and always on.
    /// </summary>
    public bool QuickCheckOnOpen { get; init; }

    /// <summary>SQLite busy_timeout for the writer and readers.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
