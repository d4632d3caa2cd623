namespace Spacedrive.Runtime.Actor;

/// <summary>Outcome messages: a <see cref="Failure"/> reply faults an Ask; PipeTo sends one for a failed task.</summary>
public static class Status
{
    public sealed record Success(object? Status);

    public sealed record Failure(Exception Cause, object? State = null);
}
