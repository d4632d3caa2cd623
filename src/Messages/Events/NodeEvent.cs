namespace Spacedrive.Messages.Events;

/// <summary>
/// An event that clients may see: published on the node's EventStream and streamed by the local API
/// (Server-Sent Events, `event: &lt;EventType&gt;`). Subtypes are small immutable records.
/// </summary>
public abstract record NodeEvent
{
    /// <summary>The stable snake_case name clients filter on, e.g. `job_progress`.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public abstract string EventType { get; }
}
