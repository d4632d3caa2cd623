using Microsoft.Win32.SafeHandles;
using IOFileAccess = System.IO.FileAccess;

namespace Spacedrive.Actors.Content;

/// <summary>Opening and ranged reading shared by the content and integrity hashers and the identifier.</summary>
internal static class ContentFileAccess
{
    /// <summary>
    /// Opens a file for reading, sharing everything (another process may write or delete it meanwhile; the
    /// callers detect that by comparing size and mtime). On failure returns null and the outcome.
    /// </summary>
    public static SafeFileHandle? TryOpen(string path, out ContentHashOutcome failure, out string? error)
    {
        failure = ContentHashOutcome.Hashed;
        error = null;
        try
        {
            return File.OpenHandle(path, FileMode.Open, IOFileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            (failure, error) = (ContentHashOutcome.NotFound, $"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            (failure, error) = (ContentHashOutcome.NotFound, $"{path}: no such file");
        }
        catch (UnauthorizedAccessException e)
        {
            // .NET reports a directory opened as a file as "access denied": say what it really is.
            (failure, error) = Directory.Exists(path)
                ? (ContentHashOutcome.NotAFile, $"{path}: is a directory")
                : (ContentHashOutcome.Unreadable, $"{path}: {e.Message}");
        }
        catch (IOException e)
        {
            (failure, error) = (ContentHashOutcome.Unreadable, $"{path}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            (failure, error) = (ContentHashOutcome.NotFound, $"{path}: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            (failure, error) = (ContentHashOutcome.Unreadable, $"{path}: {e.Message}");
        }
        return null;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the end of file; returns the bytes read.</summary>
    public static int ReadAt(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n <= 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Size and modification time of the open file (two fstat calls).</summary>
    public static (long Size, DateTime ModifiedUtc) Stat(SafeFileHandle handle) =>
        (RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));
}
