using Spacedrive.Messages.Files;

namespace Spacedrive.Messages.Actions;

/// <summary>
/// <c>file.copy</c> as an action (API <c>files.copy</c>): validated and previewed by the transfer planner, committed
/// as a <c>files.transfer</c> job, audited pending until the job ends; the index follows the done items.
/// Reply: <see cref="TransferStarted"/> with its audit id.
/// </summary>
public sealed record CopyFiles(string? Library, TransferRequest Request, int? Priority = null) : IActionRequest;

/// <summary><c>file.move</c> as an action (API <c>files.move</c>); moved entries keep their uuid, tags and metadata.</summary>
public sealed record MoveFiles(string? Library, TransferRequest Request, int? Priority = null) : IActionRequest;
