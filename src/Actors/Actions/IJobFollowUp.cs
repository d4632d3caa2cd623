using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Jobs;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// An action kind whose job leaves work for the library once it ends (e.g. a transfer: the index follows the done
/// items). The <see cref="ActionManager"/> calls <see cref="EditIndex"/> on its own thread when a job of
/// <see cref="JobType"/> it audits ends (whatever its outcome, also after a restart), sends the returned messages to
/// the library's locations child one after another, and only then records the job's outcome in the audit log: a
/// completed record means the index is up to date.
/// </summary>
public interface IJobFollowUp
{
    string JobType { get; }

    /// <summary>Edits the index in place (inside its own transaction on <paramref name="context"/>'s connection) and returns the reconcile requests still needed.</summary>
    IReadOnlyList<object> EditIndex(JobSummary job, JobFollowUpContext context);
}

/// <summary>What a follow-up may use: the manager's writer connection, the library folder, the clock.</summary>
public sealed record JobFollowUpContext(SqliteConnection Db, string LibraryPath, TimeProvider Time);
