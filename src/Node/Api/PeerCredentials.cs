using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Spacedrive.Node.Api;

/// <summary>
/// The uid of the process at the other end of a Unix socket (SO_PEERCRED). The socket file is 0600 in
/// a 0700 folder already; checking the peer too means a mistaken chmod cannot open the API to others.
/// </summary>
internal static partial class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static uint? PeerUid(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> ucred = stackalloc byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        try
        {
            var n = socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred);
            return n >= 8 ? MemoryMarshal.Read<uint>(ucred[4..]) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public static uint CurrentUid() => OperatingSystem.IsLinux() ? geteuid() : 0;

    [LibraryImport("libc", SetLastError = false)]
    private static partial uint geteuid();
}
