using Spacedrive.Node.Api;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// Finds the node of a data directory: the running one (its socket answers), or a new one hosted in
/// this process. Only the holder of the data directory's lock opens its databases: a command that
/// finds the lock held waits until the holder answers on its socket (a node starting) or lets go of
/// the lock (another command finishing), so commands never race for the databases.
/// </summary>
public static class NodeConnector
{
    public static async Task<INodeClient> ConnectAsync(DataDirectory dataDir, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (await HttpNodeClient.IsAliveAsync(dataDir.SocketPath, cancellationToken).ConfigureAwait(false))
                return new HttpNodeClient(dataDir.SocketPath);
            try
            {
                var host = await NodeHost.StartAsync(dataDir, new NodeHostOptions { InProcess = true }, cancellationToken).ConfigureAwait(false);
                return new InProcessNodeClient(host);
            }
            catch (NodeAlreadyRunningException) when (DateTime.UtcNow < deadline)
            {
                // Another process holds the lock: a node still starting, or another command's in-process node.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }
            catch (NodeAlreadyRunningException e)
            {
                throw new SdException(ErrorCodes.NodeUnavailable, $"{e.Message} It does not answer on {dataDir.SocketPath}.", e);
            }
        }
    }

    public static async Task<INodeClient?> ConnectRunningAsync(DataDirectory dataDir, CancellationToken cancellationToken) =>
        await HttpNodeClient.IsAliveAsync(dataDir.SocketPath, cancellationToken).ConfigureAwait(false)
            ? new HttpNodeClient(dataDir.SocketPath)
            : null;
}
