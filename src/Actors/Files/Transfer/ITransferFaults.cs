namespace Spacedrive.Actors.Files.Transfer;

/// <summary>
/// Where a test may break a transfer on purpose: change a source while it is copied, fail a write, corrupt a copy
/// between its copy and its verification. Offered to the job through <see cref="Jobs.JobServices"/>; absent in
/// production (the engine then calls nothing).
/// </summary>
public interface ITransferFaults
{
    /// <summary>Before each chunk of a streamed copy of <paramref name="source"/>, <paramref name="offset"/> bytes in; may throw (e.g. ENOSPC).</summary>
    void BeforeChunk(string source, string temporary, long offset, int attempt);

    /// <summary>After <paramref name="destination"/> is in place under its final name, before it is verified.</summary>
    void AfterCopy(string source, string destination);
}
