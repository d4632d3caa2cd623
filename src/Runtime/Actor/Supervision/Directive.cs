namespace Spacedrive.Runtime.Actor;

/// <summary>What a supervisor does with a failed child.</summary>
public enum Directive
{
    /// <summary>Keep the child's state and continue with the next message.</summary>
    Resume,
    /// <summary>Replace the child's instance (state is lost, mailbox and ref are kept).</summary>
    Restart,
    /// <summary>Stop the child.</summary>
    Stop,
    /// <summary>Fail the supervisor itself with the same exception.</summary>
    Escalate,
}
