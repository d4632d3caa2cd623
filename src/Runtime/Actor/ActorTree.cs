using System.Text;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// A snapshot of the local actor tree, for diagnostics (the node logs it at start). Children are read
/// without messages, so the picture may be a moment old; it is never used for decisions.
/// </summary>
public static class ActorTree
{
    public static string Render(ActorSystem system, string root = "/user")
    {
        ArgumentNullException.ThrowIfNull(system);
        if (system is not ActorSystemImpl impl) return root;
        InternalActorRef start = root == "/system" ? impl.SystemGuardian : impl.UserGuardian;
        var sb = new StringBuilder();
        Append(sb, start, "", isLast: true, isRoot: true);
        return sb.ToString().TrimEnd();
    }

    private static void Append(StringBuilder sb, IActorRef actor, string indent, bool isLast, bool isRoot)
    {
        sb.Append(indent);
        if (!isRoot) sb.Append(isLast ? "└── " : "├── ");
        sb.Append(isRoot ? actor.Path.ToStringWithoutAddress() : actor.Path.Name).Append('\n');
        var children = actor is LocalActorRef local ? local.Cell.Children.OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToList() : [];
        var childIndent = isRoot ? "" : indent + (isLast ? "    " : "│   ");
        for (var i = 0; i < children.Count; i++)
            Append(sb, children[i], childIndent, i == children.Count - 1, isRoot: false);
    }
}
