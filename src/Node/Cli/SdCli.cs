using System.CommandLine;
using Spacedrive.Node.Api;
using Spacedrive.Node.Hosting;

namespace Spacedrive.Node.Cli;

/// <summary>The `sd` command tree. Commands that are not built yet are not listed: no stubs.</summary>
public static class SdCli
{
    public static RootCommand Build(TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("sd: the Spacedrive.Actors node and its console front-end.\n" +
                                   "Index folders into libraries, find any file and its copies, move data without losing a byte.");
        globals.AddTo(root);
        var actions = new ActionFactory(globals, stdout ?? Console.Out, stderr ?? Console.Error);

        root.Subcommands.Add(NodeCommands.Build(actions));
        root.Subcommands.Add(LibraryCommands.Build(actions));
        root.Subcommands.Add(ConfigCommands.Build(actions));
        root.Subcommands.Add(LogsCommands.Build(actions));
        root.Subcommands.Add(FileCommands.Build(actions));
        root.Subcommands.Add(SearchCommands.Build(actions));
        root.Subcommands.Add(TagCommands.Build(actions));
        root.Subcommands.Add(JobCommands.Build(actions));
        root.Subcommands.Add(LocationCommands.Build(actions));
        root.Subcommands.Add(LocationCommands.BuildIndex(actions));
        root.Subcommands.Add(LocationCommands.BuildDevice(actions));
        root.Subcommands.Add(AuditCommands.Build(actions));
        root.Subcommands.Add(DupCommands.Build(actions));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var root = Build(stdout, stderr);
        var parse = root.Parse(args);
        var err = stderr ?? Console.Error;
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await err.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await err.WriteLineAsync($"Run `sd {string.Join(' ', CommandPath(parse))} --help` for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        // Ctrl-C and SIGTERM cancel the running command; a node then stops gracefully (jobs checkpoint,
        // databases close), which may take longer than System.CommandLine's default 2 s grace.
        var config = new InvocationConfiguration { Output = stdout ?? Console.Out, Error = err, ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
        return await parse.InvokeAsync(config).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var symbol = parse.CommandResult; symbol is not null; symbol = symbol.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (symbol.Command is not RootCommand) names.Push(symbol.Command.Name);
        }
        return names;
    }
}

/// <summary>Wraps each command's handler: builds its context and turns failures into exit codes and clear messages.</summary>
public sealed class ActionFactory(GlobalOptions globals, TextWriter stdout, TextWriter stderr)
{
    public void Set(Command command, Func<CommandContext, CancellationToken, Task<int>> handler)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CommandContext(parse, globals, stdout, stderr);
            try
            {
                return await handler(context, cancellationToken).ConfigureAwait(false);
            }
            catch (SdException e)
            {
                return context.Output.Error(e);
            }
            catch (NodeAlreadyRunningException e)
            {
                return context.Output.Error(ErrorCodes.NodeAlreadyRunning, e.Message, ExitCodes.OperationFailed);
            }
            catch (ArgumentException e)
            {
                return context.Output.Error(ErrorCodes.BadRequest, e.Message, ExitCodes.UsageError);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return context.Output.Error("cancelled", "Cancelled.", ExitCodes.OperationFailed);
            }
        });
    }
}
