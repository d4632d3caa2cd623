using System.Text.Json;
using Spacedrive.Actors.Actions;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;

namespace Spacedrive.Actors.Tests.Actions;

/// <summary>The action pipeline (validate → preview → commit → audit) and the audit log's hash chain.</summary>
public sealed class ActionManagerSpec : ActionFixture
{
    public ActionManagerSpec() : base(NewRoot()) { }

    [Fact]
    public async Task A_refused_action_must_reply_its_error_code_and_write_no_audit_record()
    {
        await IndexAsync();
        var before = (await AuditAsync()).Count;

        var refused = await Refused(new ApplyTags(null, ["nope"], [F("a.txt")]));
        Assert.Equal(SearchErrors.TagNotFound, refused.Code);
        await Ok<TagReply>(new CreateTag(null, "red"));
        Assert.Equal(SearchErrors.TagExists, (await Refused(new CreateTag(null, "RED"))).Code);
        Assert.Equal(SearchErrors.EntryNotFound, (await Refused(new ApplyTags(null, ["red"], [F("missing.txt")]))).Code);

        var records = await AuditAsync();
        Assert.Equal(before + 1, records.Count);
        Assert.Equal("tag.create", records[0].Action);
    }

    [Fact]
    public async Task A_preview_must_say_what_would_change_and_change_nothing()
    {
        await IndexAsync();
        await Ok<TagReply>(new CreateTag(null, "red"));
        var before = await AuditAsync();

        var preview = (await Ok<ActionPreviewReply>(new PreviewAction(null, "tag.apply", new ApplyTags(null, ["red"], [F("a.txt"), F("sub")])))).Preview;
        Assert.True(preview.Allowed);
        Assert.Equal(["apply", "apply"], preview.Changes.Select(c => c.Change));
        Assert.Contains("2 tag application(s)", preview.Summary, StringComparison.Ordinal);
        var delete = (await Ok<ActionPreviewReply>(new PreviewAction(null, "file.delete", new DeleteFiles(null, [F("sub")])))).Preview;
        Assert.Equal(2, delete.Files);
        Assert.Equal(12, delete.Bytes);
        Assert.True(delete.StartsJob);
        var conflict = (await Ok<ActionPreviewReply>(new PreviewAction(null, "file.rename", new RenameFile(null, F("a.txt"), "sub")))).Preview;
        Assert.False(conflict.Allowed);
        Assert.Equal(ActionErrors.Conflict, Assert.Single(conflict.Conflicts).Code);

        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM user_metadata_tags"));
        Assert.True(Directory.Exists(F("sub")));
        Assert.True(File.Exists(F("a.txt")));
        Assert.Equal(before.Select(r => (r.Seq, r.Hash, r.Result)), (await AuditAsync()).Select(r => (r.Seq, r.Hash, r.Result)));
        Assert.Equal(ActionErrors.UnknownAction, (await Refused(new PreviewAction(null, "tag.explode", new ApplyTags(null, [], [])))).Code);
    }

    [Fact]
    public async Task Every_tag_change_must_be_committed_with_a_chained_audit_record()
    {
        await IndexAsync();
        await Ok<TagReply>(new CreateTag(null, "red"));
        await Ok<TagReply>(new UpdateTag(null, "red", NewName: "crimson"));
        Assert.Equal(1, (await Ok<TagsApplied>(new ApplyTags(null, ["crimson"], [F("a.txt")]))).Changed);
        Assert.Equal(1, (await Ok<TagsApplied>(new RemoveTags(null, ["crimson"], [F("a.txt")]))).Changed);
        await Ok<TagDeleted>(new DeleteTag(null, "crimson"));

        var records = await AuditAsync();
        Assert.Equal(["tag.delete", "tag.remove", "tag.apply", "tag.update", "tag.create"], records.Take(5).Select(r => r.Action));
        Assert.All(records.Take(5), r => Assert.Equal(AuditLog.Succeeded, r.Result));
        Assert.Contains(F("a.txt"), records[2].Targets);
        var ordered = records.OrderBy(r => r.Seq).ToList();
        Assert.Null(ordered[0].PrevHash);
        for (var i = 1; i < ordered.Count; i++) Assert.Equal(ordered[i - 1].Hash, ordered[i].PrevHash);
        Assert.All(ordered, r => Assert.Equal(64, r.Hash.Length));

        var verify = await Ok<AuditVerifyReply>(new VerifyAuditLog(null));
        Assert.True(verify.Ok, verify.Problem);
        Assert.Equal(ordered.Count, verify.Records);
        Assert.Equal(ordered[^1].Hash, verify.HeadHash);
        var head = JsonDocument.Parse(File.ReadAllText(Path.Combine(LibraryPath, AuditHead.FileName))).RootElement;
        Assert.Equal(ordered.Count, head.GetProperty("Count").GetInt64());
    }

    [Fact]
    public async Task A_job_backed_action_must_be_audited_pending_and_get_its_outcome_when_the_job_ends()
    {
        await IndexAsync();
        await AwaitAssertAsync(async () =>
        {
            var records = await AuditAsync();
            var add = Assert.Single(records, r => r.Action == "location.add");
            Assert.Equal(AuditLog.Succeeded, add.Result);
            Assert.NotNull(add.CompletedAt);
            var completion = Assert.Single(records, r => r.Action == AuditLog.CompletionAction);
            Assert.Equal([add.Id.ToString("D")], completion.Targets);
            Assert.Equal(add.JobId, completion.JobId);
        }, TimeSpan.FromSeconds(10));
        Assert.True((await Ok<AuditVerifyReply>(new VerifyAuditLog(null))).Ok);
    }

    [Theory]
    [InlineData("edited-field", "UPDATE audit_log SET targets = '[\"/elsewhere\"]' WHERE action = 'tag.apply'", "tag.apply")]
    [InlineData("edited-targets-shape", "UPDATE audit_log SET targets = '{\"a\": 1}' WHERE action = 'tag.apply'", "tag.apply")]
    [InlineData("edited-uuid", "UPDATE audit_log SET uuid = 'not-a-uuid-but-36-characters-long-xx' WHERE action = 'tag.create'", "tag.create")]
    [InlineData("edited-result", "UPDATE audit_log SET result = 'failed' WHERE action = 'tag.create'", "tag.create")]
    [InlineData("edited-job-result", "UPDATE audit_log SET result = 'cancelled' WHERE action = 'location.add'", "location.add")]
    [InlineData("deleted-middle", "DELETE FROM audit_log WHERE action = 'tag.create'", "tag.create")]
    [InlineData("deleted-last", "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)", "tag.remove")]
    public async Task Verify_must_detect_any_edited_or_deleted_record(string tampering, string sql, string firstBadAction)
    {
        await IndexAsync();
        await Ok<TagReply>(new CreateTag(null, "red"));
        await Ok<TagsApplied>(new ApplyTags(null, ["red"], [F("a.txt")]));
        await Ok<TagsApplied>(new RemoveTags(null, ["red"], [F("a.txt")]));
        var records = (await AuditAsync()).OrderBy(r => r.Seq).ToList();
        Assert.True((await Ok<AuditVerifyReply>(new VerifyAuditLog(null))).Ok);

        Tamper(sql);

        var verify = await Ok<AuditVerifyReply>(new VerifyAuditLog(null));
        Assert.False(verify.Ok, tampering);
        Assert.False(string.IsNullOrEmpty(verify.Problem));
        Assert.Equal(records.First(r => r.Action == firstBadAction).Seq, verify.FirstBadSeq);
    }
}
