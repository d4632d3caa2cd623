using System.Globalization;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// One node per data directory. The lock is an advisory exclusive lock (flock) held on
/// <c>node.lock</c> for the node's lifetime: the kernel releases it when the process dies, even on
/// kill -9, so a stale pid file never blocks a restart.
/// </summary>
public sealed class NodeLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidFile;

    private NodeLock(FileStream lockStream, string pidFile)
    {
        _lock = lockStream;
        _pidFile = pidFile;
    }

    public static NodeLock Acquire(DataDirectory dataDir)
    {
        FileStream stream;
        try
        {
            // .NET maps FileShare.None to flock(LOCK_EX | LOCK_NB) on Unix.
            stream = new FileStream(dataDir.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var pid = ReadPid(dataDir);
            throw new NodeAlreadyRunningException(dataDir.Root, pid);
        }

        File.WriteAllText(dataDir.PidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return new NodeLock(stream, dataDir.PidFile);
    }

    /// <summary>True when some process holds the lock of this data directory.</summary>
    public static bool IsHeld(DataDirectory dataDir)
    {
        if (!File.Exists(dataDir.LockFile)) return false;
        try
        {
            using var probe = new FileStream(dataDir.LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static int? ReadPid(DataDirectory dataDir)
    {
        try
        {
            return int.TryParse(File.ReadAllText(dataDir.PidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try { File.Delete(_pidFile); } catch (IOException) { }
        _lock.Dispose();
    }
}

public sealed class NodeAlreadyRunningException(string dataDir, int? pid)
    : Exception($"A node is already running on {dataDir}{(pid is null ? "" : $" (pid {pid})")}. Stop it with `sd node stop`, or use --instance NAME / --data-dir DIR for a second node.")
{
    public int? Pid { get; } = pid;
}
