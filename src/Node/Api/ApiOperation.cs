namespace Spacedrive.Node.Api;

/// <summary>
/// One operation of the local API: a stable name (also the JSON `op` in errors), and the HTTP route
/// that serves it. Every operation is a POST with a JSON body and a JSON reply, so one client and one
/// server mapping cover them all; the CLI calls the same handlers directly when it hosts the node.
/// </summary>
public abstract record ApiOperation(string Name, string Route)
{
    public abstract Type RequestType { get; }
    public abstract Type ReplyType { get; }
}

public sealed record ApiOperation<TRequest, TReply>(string Name, string Route) : ApiOperation(Name, Route)
{
    public override Type RequestType => typeof(TRequest);
    public override Type ReplyType => typeof(TReply);
}
