using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Search;

/// <summary>
/// Keeps a <see cref="NameIndex"/> current for one reader connection, so that it never answers for a database that
/// has changed since it was read (no drift):
/// - it is tagged with the reader's PRAGMA data_version read before the snapshot was taken; that value changes when
///   any other connection commits, so a search that reads a different value does not use it;
/// - a small library (up to the sync limit) is rebuilt inline on the reader, inside one read transaction;
/// - a large one is rebuilt in the background on a connection of its own; the result is used only if the reader's
///   data_version did not move between the start of the build and its use (then the snapshot the build read is the
///   one the reader sees). While writes keep landing (indexing) searches go to SQL; rebuilds are spaced by twice
///   the last build's time so a busy library does not rebuild back to back.
/// Not thread-safe: one owner (the search actor) calls it; only the build itself runs elsewhere.
/// </summary>
public sealed class NameIndexKeeper(SqliteConnection reader, long syncBuildLimit) : IDisposable
{
    /// <summary>~20 ms of inline build on this machine class; above it a search must not wait for a build.</summary>
    public const long DefaultSyncBuildLimit = 20_000;

    private readonly CancellationTokenSource _stop = new();
    private NameIndex? _index;
    private long _indexVersion = -1;
    private Task<(NameIndex Index, TimeSpan Took)>? _building;
    private long _buildingVersion;
    private long _nextBuildAt;

    public Task? Pending => _building;

    /// <summary>The index for this data_version of the reader, or null (SQL answers) while one is being built.</summary>
    public NameIndex? Current(long version)
    {
        if (_index is not null && _indexVersion == version) return _index;
        _index = null; // stale: never used again, and its memory goes back before the next one is built
        if (_building is { IsCompleted: true } done)
        {
            _building = null;
            if (done.IsCompletedSuccessfully)
            {
                if (_buildingVersion == version)
                {
                    (_index, _indexVersion) = (done.Result.Index, version);
                    return _index;
                }
                _nextBuildAt = Environment.TickCount64 + (long)Math.Max(1000, 2 * done.Result.Took.TotalMilliseconds);
            }
            else
            {
                _ = done.Exception; // observed: a failed build (database closed, disk error) only means SQL answers
                _nextBuildAt = Environment.TickCount64 + 10_000;
            }
        }
        if (_building is not null || _stop.IsCancellationRequested) return null;
        if (EstimatedEntries() <= syncBuildLimit)
        {
            (_index, _indexVersion) = (NameIndex.Build(reader, CancellationToken.None), version);
            return _index;
        }
        if (Environment.TickCount64 < _nextBuildAt) return null;
        _buildingVersion = version;
        var connectionString = new SqliteConnectionStringBuilder(reader.ConnectionString) { Pooling = false }.ToString();
        var cancel = _stop.Token;
        _building = Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            var index = NameIndex.Build(connection, cancel);
            return (index, watch.Elapsed);
        }, cancel);
        return null;
    }

    /// <summary>The largest entry id: an upper bound of the entry count in O(log n).</summary>
    private long EstimatedEntries()
    {
        using var cmd = reader.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(MAX(id), 0) FROM entries";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _index = null;
    }
}
