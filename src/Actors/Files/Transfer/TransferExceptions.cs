using Spacedrive.Actors.Files.Transfer.Native;

namespace Spacedrive.Actors.Files.Transfer;

/// <summary>A system call of a transfer failed; <see cref="Errno"/> says why (ENOSPC, EACCES, ...).</summary>
public sealed class TransferIOException : IOException
{
    public TransferIOException(int errno, string message)
        : base(message)
    {
        Errno = errno;
        HResult = errno;
    }

    public TransferIOException()
    {
    }

    public TransferIOException(string message)
        : base(message)
    {
    }

    public TransferIOException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Errno { get; }

    public bool IsOutOfSpace => Errno is TransferLibc.ENOSPC or TransferLibc.EDQUOT or TransferLibc.EFBIG;

    public static TransferIOException FromErrno(int errno, string what) => new(errno, $"{what}: {TransferLibc.ErrorText(errno)}");
}

/// <summary>A request that cannot be carried out as asked (missing source, destination inside a source...): nothing was touched.</summary>
public sealed class TransferRequestException : Exception
{
    public TransferRequestException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public TransferRequestException()
    {
        Code = "";
    }

    public TransferRequestException(string message)
        : base(message)
    {
        Code = "";
    }

    public TransferRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "";
    }

    public string Code { get; }
}
