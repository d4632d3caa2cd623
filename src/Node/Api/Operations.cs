using Spacedrive.Messages.Content;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Locations;
using Spacedrive.Messages.Nodes;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;

namespace Spacedrive.Node.Api;

/// <summary>Requests with nothing to say.</summary>
public sealed record EmptyRequest
{
    public static EmptyRequest Instance { get; } = new();
}

public sealed record StopNodeReply(bool Stopping);

/// <summary>
/// Every operation of the local API, with its stable name and route (docs/API.md lists them).
/// Later issues add theirs here; the server maps each one, the client calls them by this object.
/// </summary>
public static class Operations
{
    public static readonly ApiOperation<EmptyRequest, NodeStatusReply> NodeStatus = new("node.status", "/v1/node/status");
    public static readonly ApiOperation<EmptyRequest, StopNodeReply> NodeStop = new("node.stop", "/v1/node/stop");

    public static readonly ApiOperation<CreateLibrary, LibrarySummary> LibraryCreate = new("libraries.create", "/v1/libraries/create");
    public static readonly ApiOperation<EmptyRequest, LibraryListReply> LibraryList = new("libraries.list", "/v1/libraries/list");
    public static readonly ApiOperation<GetLibraryInfo, LibraryInfoReply> LibraryInfo = new("libraries.info", "/v1/libraries/info");
    public static readonly ApiOperation<RenameLibrary, LibrarySummary> LibraryRename = new("libraries.rename", "/v1/libraries/rename");
    public static readonly ApiOperation<DeleteLibrary, LibraryDeleted> LibraryDelete = new("libraries.delete", "/v1/libraries/delete");

    public static readonly ApiOperation<SearchEntries, SearchReply> SearchFiles = new("search.files", "/v1/search/files");
    public static readonly ApiOperation<ListDirectory, DirectoryListing> FilesList = new("files.directory_listing", "/v1/files/list");

    public static readonly ApiOperation<CreateTag, TagReply> TagCreate = new("tags.create", "/v1/tags/create");
    public static readonly ApiOperation<UpdateTag, TagReply> TagUpdate = new("tags.update", "/v1/tags/update");
    public static readonly ApiOperation<DeleteTag, TagDeleted> TagDelete = new("tags.delete", "/v1/tags/delete");
    public static readonly ApiOperation<ApplyTags, TagsApplied> TagApply = new("tags.apply", "/v1/tags/apply");
    public static readonly ApiOperation<RemoveTags, TagsApplied> TagRemove = new("tags.remove", "/v1/tags/remove");
    public static readonly ApiOperation<ListTags, TagListReply> TagList = new("tags.list", "/v1/tags/list");
    public static readonly ApiOperation<GetTagTree, TagTreeReply> TagTree = new("tags.tree", "/v1/tags/tree");
    public static readonly ApiOperation<ShowTag, TagDetails> TagShow = new("tags.show", "/v1/tags/show");
    public static readonly ApiOperation<ListJobs, JobListReply> JobList = new("jobs.list", "/v1/jobs/list");
    public static readonly ApiOperation<GetJobInfo, JobInfoReply> JobInfo = new("jobs.info", "/v1/jobs/info");
    public static readonly ApiOperation<PauseJob, JobControlReply> JobPause = new("jobs.pause", "/v1/jobs/pause");
    public static readonly ApiOperation<ResumeJob, JobControlReply> JobResume = new("jobs.resume", "/v1/jobs/resume");
    public static readonly ApiOperation<CancelJob, JobControlReply> JobCancel = new("jobs.cancel", "/v1/jobs/cancel");
    public static readonly ApiOperation<RetryJob, JobControlReply> JobRetry = new("jobs.retry", "/v1/jobs/retry");
    public static readonly ApiOperation<ClearJobs, JobsCleared> JobClear = new("jobs.clear", "/v1/jobs/clear");

    public static readonly ApiOperation<AddLocationRequest, LocationJobReply> LocationAdd = new("locations.add", "/v1/locations/add");
    public static readonly ApiOperation<ListLocationsRequest, LocationListReply> LocationList = new("locations.list", "/v1/locations/list");
    public static readonly ApiOperation<RemoveLocationRequest, LocationRemovedReply> LocationRemove = new("locations.remove", "/v1/locations/remove");
    public static readonly ApiOperation<RescanLocationRequest, LocationJobReply> LocationRescan = new("locations.rescan", "/v1/locations/rescan");
    public static readonly ApiOperation<LocationReportRequest, LocationReport> LocationReport = new("locations.report", "/v1/locations/report");

    /// <summary>Diagnostics: the built-in counting job (exactly-once output across kill -9); used by tests and to try jobs by hand.</summary>
    public static readonly ApiOperation<StartTestJob, JobControlReply> JobStartTest = new("jobs.start_test", "/v1/jobs/start_test");

    public static readonly ApiOperation<Spacedrive.Messages.Actions.ListAuditLog, Spacedrive.Messages.Actions.AuditListReply> AuditList = new("audit.list", "/v1/audit/list");
    public static readonly ApiOperation<Spacedrive.Messages.Actions.VerifyAuditLog, Spacedrive.Messages.Actions.AuditVerifyReply> AuditVerify = new("audit.verify", "/v1/audit/verify");
    public static readonly ApiOperation<Spacedrive.Messages.Actions.PreviewActionRequest, Spacedrive.Messages.Actions.ActionPreviewReply> ActionPreview = new("actions.preview", "/v1/actions/preview");
    public static readonly ApiOperation<Spacedrive.Messages.Actions.MakeDirectory, Spacedrive.Messages.Actions.FileActionReply> FileMkdir = new("files.mkdir", "/v1/files/mkdir");
    public static readonly ApiOperation<Spacedrive.Messages.Actions.RenameFile, Spacedrive.Messages.Actions.FileActionReply> FileRename = new("files.rename", "/v1/files/rename");
    public static readonly ApiOperation<Spacedrive.Messages.Actions.DeleteFiles, Spacedrive.Messages.Actions.FileJobReply> FileDelete = new("files.delete", "/v1/files/delete");
    public static readonly ApiOperation<ValidateFiles, ValidationQueued> FilesValidate = new("files.validate", "/v1/files/validate");
    public static readonly ApiOperation<FindDuplicates, DuplicatesReply> FilesDuplicates = new("files.duplicates", "/v1/files/duplicates");
    /// <summary>File transfers (<c>sd file copy|move</c>): a read-only preview, and the starts of the resumable <c>files.transfer</c> job.</summary>
    public static readonly ApiOperation<Spacedrive.Messages.Files.PreviewTransfer, Spacedrive.Messages.Files.TransferPreview> FilesTransferPreview = new("files.transfer_preview", "/v1/files/transfer_preview");
    public static readonly ApiOperation<Spacedrive.Messages.Files.StartTransfer, Spacedrive.Messages.Files.TransferStarted> FilesCopy = new("files.copy", "/v1/files/copy");
    public static readonly ApiOperation<Spacedrive.Messages.Files.StartTransfer, Spacedrive.Messages.Files.TransferStarted> FilesMove = new("files.move", "/v1/files/move");
}
