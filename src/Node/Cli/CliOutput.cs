using System.Text.Json;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// Where a command writes: human output through Spectre.Console (tables, trees) on stdout, or one
/// JSON object per command (JSON lines for streams). Errors go to stderr in both modes; in JSON mode
/// they are also a JSON object `{"error": {"code", "message"}}` on stdout so scripts can parse them.
/// </summary>
public sealed class CliOutput(OutputFormat format, TextWriter stdout, TextWriter stderr)
{
    private IAnsiConsole? _console;

    public OutputFormat Format { get; } = format;
    public bool IsJson => Format == OutputFormat.Json;
    public TextWriter Stdout { get; } = stdout;
    public TextWriter Stderr { get; } = stderr;

    public IAnsiConsole Console => _console ??= CreateConsole();

    private IAnsiConsole CreateConsole()
    {
        var redirected = System.Console.IsOutputRedirected || !ReferenceEquals(Stdout, System.Console.Out);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Stdout),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        // Piped output is read by programs and people with wide terminals: do not wrap tables at 80 columns.
        if (redirected) console.Profile.Width = 200;
        return console;
    }

    /// <summary>Writes the command's result: JSON as is, or the human rendering.</summary>
    public void Result<T>(T value, Action<IAnsiConsole, T> human)
    {
        if (IsJson) Json(value);
        else human(Console, value);
    }

    public void Json<T>(T value)
    {
        Stdout.WriteLine(JsonSerializer.Serialize(value, ApiJson.Options));
        Stdout.Flush();
    }

    public int Error(string code, string message, int exitCode)
    {
        if (IsJson) Json(new { error = new ApiError(code, message) });
        Stderr.WriteLine($"error: {message}");
        Stderr.Flush();
        return exitCode;
    }

    public int Error(SdException e) => Error(e.Code, e.Message, e.Code == ErrorCodes.NodeUnavailable ? ExitCodes.NodeUnavailable : ExitCodes.OperationFailed);

    public void Info(string message)
    {
        if (!IsJson) Console.MarkupLine(Markup.Escape(message));
    }
}
