using System.Text.Json;
using Spacedrive.Actors.Actions;
using Spacedrive.Messages.Actions;

namespace Spacedrive.Node.Api;

/// <summary>
/// The generic preview operation (<c>actions.preview</c>): the action is named, its request comes as the JSON its own
/// operation takes; typed here by the action's registered request type (never by a type name from the wire).
/// </summary>
public static class ActionPreviews
{
    public static PreviewAction Typed(PreviewActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ActionRegistry.Default.TryGet(request.Action ?? "", out var kind))
            throw new SdException(ErrorCodes.BadRequest, $"No action '{request.Action}'. Known: {string.Join(", ", ActionRegistry.Default.Names)}.");
        object? typed;
        try
        {
            typed = request.Request.ValueKind is JsonValueKind.Object ? request.Request.Deserialize(kind.RequestType, ApiJson.Options) : null;
        }
        catch (JsonException e)
        {
            throw new SdException(ErrorCodes.BadRequest, $"The request does not fit action '{kind.Name}': {e.Message}", e);
        }
        return typed is null
            ? throw new SdException(ErrorCodes.BadRequest, $"Action '{kind.Name}' needs its request as a JSON object.")
            : new PreviewAction(request.Library, kind.Name, typed);
    }

    /// <summary>The preview request for <paramref name="request"/>, as the CLI sends it for --dry-run.</summary>
    public static PreviewActionRequest For<T>(string? library, string action, T request) =>
        new(library, action, JsonSerializer.SerializeToElement(request, ApiJson.Options));
}
