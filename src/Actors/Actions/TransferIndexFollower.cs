using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Files.Transfer;
using Spacedrive.Actors.Indexing;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// Moves the index entries of a move's batch before its sources are removed (see <see cref="ITransferIndex"/>), under
/// the library's indexing gate so it does not interleave with a watcher's reconcile. A failure is only logged by the
/// job as a warning: the reconcile at the end of the action brings the index up to date (moved entries then may get
/// new uuids).
/// </summary>
public sealed class TransferIndexFollower(IndexerLibraryAccess access, TimeProvider time) : ITransferIndex
{
    public async Task MovingAsync(IReadOnlyList<TransferPair> pairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        await access.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var db = access.OpenWriter();
            using var tx = db.Writer.BeginTransaction(deferred: false);
            using (var edits = new IndexEdits(db.Writer, tx))
            {
                var now = UnixNanos.Now(time);
                foreach (var pair in pairs) FileTransferActions.FollowMove(edits, pair, now, moving: true);
            }
            tx.Commit();
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException)
        {
            // The index catches up at the end of the action; the move itself must not fail for it.
        }
        finally
        {
            access.Gate.Release();
        }
    }
}
