using Spacedrive.Actors.Files.Transfer;
using Spacedrive.Messages.Files;
using Spacedrive.Messages.Jobs;
using Spacedrive.Node.Hosting;

namespace Spacedrive.Node.Api;

/// <summary>
/// <c>files.transfer_preview</c>, <c>files.copy</c>, <c>files.move</c>: the seam between a request and a job. The
/// preview plans on the request's thread (disk reads only) and audits nothing; a start is the library's
/// <c>file.copy</c>/<c>file.move</c> action, which previews first and refuses what cannot work (conflicts under policy
/// abort, not enough space, bad paths) before anything is queued or audited.
/// </summary>
public static class FileTransferApi
{
    public static void Register(NodeApi api, NodeHost host)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(host);
        var settings = TransferSettings.FromConfig(host.Config);
        api.Register(Operations.FilesTransferPreview, (req, ct) => Task.Run(() => Plan(req.Request, settings).Preview, ct));
        api.Register(Operations.FilesCopy, (req, ct) => StartAsync(host, req with { Request = req.Request with { Mode = TransferMode.Copy } }, ct));
        api.Register(Operations.FilesMove, (req, ct) => StartAsync(host, req with { Request = req.Request with { Mode = TransferMode.Move } }, ct));
    }

    /// <summary>The plan of a request; its problems as API errors with the transfer's codes.</summary>
    public static TransferPlan Plan(TransferRequest request, TransferSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return TransferPlanner.Plan(FileTransferJob.Absolute(request), settings);
        }
        catch (TransferRequestException e)
        {
            throw new SdException(e.Code, e.Message, e);
        }
        catch (IOException e)
        {
            throw new SdException(ErrorCodes.BadRequest, e.Message, e);
        }
    }

    // Through the library's actions (file.copy, file.move): validated by the planner (refusals keep the transfer's
    // codes), audited pending, completed with the job's outcome once the index has followed.
    private static Task<TransferStarted> StartAsync(NodeHost host, StartTransfer start, CancellationToken ct)
    {
        var request = FileTransferJob.Absolute(start.Request);
        return host.Ask<TransferStarted>(request.Mode == TransferMode.Copy
            ? new Spacedrive.Messages.Actions.CopyFiles(start.Library, request, start.Priority)
            : new Spacedrive.Messages.Actions.MoveFiles(start.Library, request, start.Priority), ct);
    }
}
