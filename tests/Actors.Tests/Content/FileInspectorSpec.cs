using Spacedrive.Actors.Content;
using Spacedrive.Actors.FileTypes;
using Spacedrive.Actors.Tests.Support;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Tests.Content;

public sealed class FileInspectorSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_png_gets_kind_type_content_id_and_with_full_its_integrity_hash()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[300_000]];
        string path = _dir.Write("pic.png", bytes);
        var when = new DateTime(2021, 3, 4, 10, 22, 11, 123, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, when);

        var report = FileInspector.Inspect(path, FileTypeRegistry.Default, integrity: true);

        Assert.Equal(FileKind.File, report.Kind);
        Assert.Equal(300_008, report.Size);
        Assert.Equal(when, report.ModifiedAt);
        Assert.Equal("image", report.Category);
        Assert.Equal(1, report.CategoryId);
        Assert.Equal("image/png", report.Mime);
        Assert.Equal("image/png", report.FileTypeId);
        Assert.Equal("PNG Image", report.FileTypeName);
        Assert.Equal(IdentificationMethod.ExtensionAndMagic, report.Identification);
        Assert.Equal(100, report.Confidence);
        Assert.Equal(ContentHashOutcome.Hashed, report.ContentStatus);
        Assert.Equal(ContentHasher.ComputeFile(path).Id!.Hash, report.ContentHash);
        Assert.False(report.ContentHashIsFull);
        Assert.Equal(Blake3.ToHex(Blake3.Hash(bytes)), report.IntegrityHash);
        Assert.Null(report.Error);
    }

    [Fact]
    public void Without_full_there_is_no_integrity_hash()
    {
        string path = _dir.Write("a.txt", "hello\n"u8);
        var report = FileInspector.Inspect(path, FileTypeRegistry.Default);
        Assert.Null(report.IntegrityHash);
        Assert.True(report.ContentHashIsFull);
        Assert.Equal(IdentificationMethod.ExtensionAndText, report.Identification);
    }

    [Fact]
    public void A_mismatch_names_both_types()
    {
        string path = _dir.Write("notes.txt", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8, 0, 1]);
        var report = FileInspector.Inspect(path, FileTypeRegistry.Default);
        Assert.True(report.Mismatch);
        Assert.Equal("image/jpeg", report.FileTypeId);
        Assert.Equal("text/plain", report.ExtensionTypeId);
    }

    [Fact]
    public void An_empty_file_has_no_content_id()
    {
        var report = FileInspector.Inspect(_dir.Write("empty.md", []), FileTypeRegistry.Default, integrity: true);
        Assert.Equal(ContentHashOutcome.Empty, report.ContentStatus);
        Assert.Null(report.ContentHash);
        Assert.Equal(0, report.Size);
        Assert.Equal("text/markdown", report.FileTypeId);
        Assert.Equal(Blake3.ToHex(Blake3.Hash([])), report.IntegrityHash);
    }

    [Fact]
    public void A_directory_is_a_directory_without_content()
    {
        var report = FileInspector.Inspect(_dir.Path, FileTypeRegistry.Default);
        Assert.Equal(FileKind.Directory, report.Kind);
        Assert.Null(report.ContentHash);
        Assert.Null(report.Category);
        Assert.Null(report.Size);
    }

    [Fact]
    public void A_symlink_reports_its_target_and_the_target_content()
    {
        string target = _dir.Write("real.json", "{\"a\": 1}"u8);
        string link = _dir.File("link.json");
        File.CreateSymbolicLink(link, target);
        var report = FileInspector.Inspect(link, FileTypeRegistry.Default);
        Assert.Equal(FileKind.Symlink, report.Kind);
        Assert.Equal(target, report.SymlinkTarget);
        Assert.Equal(FileKind.File, report.TargetKind);
        Assert.Equal(ContentHasher.ComputeFile(target).Id!.Hash, report.ContentHash);
        Assert.Equal("application/json", report.FileTypeId);
    }

    [Fact]
    public void A_dangling_symlink_is_reported_not_thrown()
    {
        string link = _dir.File("dangling");
        File.CreateSymbolicLink(link, _dir.File("nowhere"));
        var report = FileInspector.Inspect(link, FileTypeRegistry.Default);
        Assert.Equal(FileKind.Symlink, report.Kind);
        Assert.Null(report.TargetKind);
        Assert.Null(report.ContentHash);
    }

    [Fact]
    public void A_missing_path_throws_file_not_found() =>
        Assert.Throws<FileNotFoundException>(() => FileInspector.Inspect(_dir.File("missing"), FileTypeRegistry.Default));
}
