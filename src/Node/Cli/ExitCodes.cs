namespace Spacedrive.Node.Cli;

/// <summary>The exit codes of `sd`, documented in the README. Scripts depend on them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int OperationFailed = 1;
    public const int UsageError = 2;
    public const int NodeUnavailable = 3;
}
