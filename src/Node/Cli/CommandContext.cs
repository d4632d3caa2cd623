using System.CommandLine;
using Spacedrive.Node.Api;
using Spacedrive.Node.Hosting;

namespace Spacedrive.Node.Cli;

/// <summary>What a command's action needs: where the node lives, how to print, and a way to reach the node.</summary>
public sealed class CommandContext(ParseResult parse, GlobalOptions globals, TextWriter stdout, TextWriter stderr)
{
    private DataDirectory? _dataDir;

    public ParseResult Parse { get; } = parse;

    public CliOutput Output { get; } = new(
        parse.GetValue(globals.Json) ? OutputFormat.Json : parse.GetValue(globals.Format), stdout, stderr);

    public DataDirectory DataDir => _dataDir ??= DataDirectory.Resolve(Parse.GetValue(globals.DataDir), Parse.GetValue(globals.Instance));

    public T? Value<T>(Option<T> option) => Parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>
    /// The running node of this data directory, or, when none runs, a node hosted in this process
    /// for the duration of the command. The user should not have to care which.
    /// </summary>
    public Task<INodeClient> ConnectAsync(CancellationToken cancellationToken) => NodeConnector.ConnectAsync(DataDir, cancellationToken);

    /// <summary>Only the running node: for commands that make no sense in-process (stop, watch).</summary>
    public Task<INodeClient?> ConnectRunningAsync(CancellationToken cancellationToken) => NodeConnector.ConnectRunningAsync(DataDir, cancellationToken);
}
