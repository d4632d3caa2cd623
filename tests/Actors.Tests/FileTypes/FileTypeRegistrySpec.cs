using Spacedrive.Actors.Content;
using Spacedrive.Actors.FileTypes;
using Spacedrive.Actors.Tests.Support;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Tests.FileTypes;

public sealed class FileTypeRegistrySpec : IDisposable
{
    private static readonly FileTypeRegistry Registry = FileTypeRegistry.Default;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string> RealHeaders => new()
    {
        { "png", nameof(Headers.Png), "image/png" },
        { "jpg", nameof(Headers.Jpeg), "image/jpeg" },
        { "gif", nameof(Headers.Gif), "image/gif" },
        { "pdf", nameof(Headers.Pdf), "application/pdf" },
        { "zip", nameof(Headers.Zip), "application/zip" },
        { "gz", nameof(Headers.Gzip), "application/gzip" },
        { "mp4", nameof(Headers.Mp4), "video/mp4" },
        { "mov", nameof(Headers.Mov), "video/quicktime" },
        { "heic", nameof(Headers.Heic), "image/heic" },
        { "m4a", nameof(Headers.M4a), "audio/m4a" },
        { "mkv", nameof(Headers.Mkv), "video/x-matroska" },
        { "sqlite", nameof(Headers.Sqlite), "application/x-sqlite3" },
        { "db", nameof(Headers.Sqlite), "application/x-sqlite3" },
        { "so", nameof(Headers.Elf), "application/x-elf" },
        { "webp", nameof(Headers.Webp), "image/webp" },
        { "flac", nameof(Headers.Flac), "audio/flac" },
        { "ogg", nameof(Headers.Ogg), "audio/ogg" },
        { "mp3", nameof(Headers.Mp3Id3), "audio/mpeg" },
        { "7z", nameof(Headers.SevenZip), "application/x-7z-compressed" },
        { "wasm", nameof(Headers.Wasm), "application/wasm" },
        { "tif", nameof(Headers.TiffLe), "image/tiff" },
        { "tiff", nameof(Headers.TiffBe), "image/tiff" },
        { "cr2", nameof(Headers.Cr2), "image/x-canon-cr2" },
        { "exe", nameof(Headers.Mz), "application/x-executable" },
        { "deb", nameof(Headers.Deb), "application/x-debian-package" },
        { "epub", nameof(Headers.Epub), "application/epub+zip" },
    };

    private static byte[] HeaderOf(string name) => (byte[])typeof(Headers).GetProperty(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(RealHeaders))]
    public void Real_headers_with_their_extension_agree(string extension, string header, string expectedId)
    {
        string path = _dir.Write("file." + extension, Headers.WithPayload(HeaderOf(header)));
        var match = Registry.IdentifyFile(path);
        Assert.Equal(expectedId, match.Type?.Id);
        Assert.Equal(IdentificationMethod.ExtensionAndMagic, match.Method);
        Assert.Equal(100, match.Confidence);
        Assert.False(match.IsMismatch);
    }

    [Theory]
    [MemberData(nameof(RealHeaders))]
    public void Real_headers_without_extension_are_found_by_signature(string extension, string header, string expectedId)
    {
        _ = extension;
        string path = _dir.Write("noextension", Headers.WithPayload(HeaderOf(header)));
        var match = Registry.IdentifyFile(path);
        Assert.Equal(IdentificationMethod.Magic, match.Method);
        // Shared signatures resolve to the most specific one (CR2's is TIFF's plus "CR"; EPUB's is ZIP's plus
        // its mimetype entry) or, at equal strength, to the type of highest priority (Ogg audio over video).
        Assert.Equal(expectedId, match.Type?.Id);
        Assert.Equal(95, match.Confidence);
    }

    [Fact]
    public void Tar_is_found_by_its_signature_at_offset_257()
    {
        string path = _dir.Write("archive", Headers.Tar());
        Assert.Equal("application/x-tar", Registry.IdentifyFile(path).Type?.Id);
    }

    [Theory]
    [InlineData("photo.txt", nameof(Headers.Png), "image/png", "text/plain")]
    [InlineData("report.pdf", nameof(Headers.Jpeg), "image/jpeg", "application/pdf")]
    [InlineData("song.mp3", nameof(Headers.Flac), "audio/flac", "audio/mpeg")]
    [InlineData("movie.mkv", nameof(Headers.Mp4), "video/mp4", "video/x-matroska")]
    [InlineData("data.json", nameof(Headers.Sqlite), "application/x-sqlite3", "application/json")]
    public void A_wrong_extension_is_reported_as_a_mismatch(string name, string header, string actualId, string extensionId)
    {
        string path = _dir.Write(name, Headers.WithPayload(HeaderOf(header)));
        var match = Registry.IdentifyFile(path);
        Assert.Equal(actualId, match.Type?.Id);
        Assert.Equal(extensionId, match.ExtensionType?.Id);
        Assert.True(match.IsMismatch);
        Assert.Equal(IdentificationMethod.Magic, match.Method);
    }

    [Fact]
    public void Extensions_are_case_insensitive()
    {
        Assert.Equal("image/jpeg", Registry.IdentifyByExtension("IMG_0001.JPG").Type?.Id);
        Assert.Equal("image/jpeg", Registry.IdentifyFile(_dir.Write("IMG_0002.JpG", Headers.WithPayload(Headers.Jpeg))).Type?.Id);
    }

    [Fact]
    public void Identify_by_extension_reads_nothing()
    {
        var match = Registry.IdentifyByExtension("/no/such/dir/notes.md");
        Assert.Equal("text/markdown", match.Type?.Id);
        Assert.Equal(IdentificationMethod.Extension, match.Method);
        Assert.Equal(90, match.Confidence);
        Assert.Equal(ContentKind.Image, Registry.CategoryByExtension("a.png"));
        Assert.Equal(ContentKind.Unknown, Registry.CategoryByExtension("a.unknownext"));
        Assert.Equal(ContentKind.Unknown, Registry.CategoryByExtension(".bashrc"));
    }

    [Fact]
    public void Ts_is_typescript_when_text_and_mpeg_ts_when_the_sync_bytes_are_there()
    {
        string code = _dir.Write("app.ts", "import { x } from './x';\nexport const y = x;\n"u8);
        var ts = Registry.IdentifyFile(code);
        Assert.Equal("text/typescript", ts.Type?.Id);
        Assert.Equal(IdentificationMethod.ExtensionAndText, ts.Method);

        var packets = new byte[188 * 4];
        new Random(1).NextBytes(packets);
        for (int i = 0; i < packets.Length; i += 188) packets[i] = 0x47;
        var video = Registry.IdentifyFile(_dir.Write("clip.ts", packets));
        Assert.Equal("video/mp2t", video.Type?.Id);
        Assert.Equal(IdentificationMethod.ExtensionAndMagic, video.Method);
    }

    [Fact]
    public void A_text_file_starting_like_a_weak_signature_stays_text()
    {
        // "BM" is the BMP signature and "PK" the start of ZIP's; as text they prove nothing.
        Assert.Equal("text/plain", Registry.IdentifyFile(_dir.Write("cars.txt", "BMW and PK are letters\n"u8)).Type?.Id);
        var noName = Registry.IdentifyFile(_dir.Write("NOTES", "BMW and PK are letters\n"u8));
        Assert.Equal("text/plain", noName.Type?.Id);
        Assert.Equal(IdentificationMethod.TextHeuristic, noName.Method);
        Assert.Equal(60, noName.Confidence);
    }

    [Fact]
    public void Text_without_extension_is_plain_text_and_binary_without_signature_is_unknown()
    {
        Assert.Equal(IdentificationMethod.TextHeuristic, Registry.IdentifyFile(_dir.Write("notes", "hello world\n"u8)).Method);
        var random = new byte[4096];
        new Random(5).NextBytes(random);
        random[0] = 0x00; random[1] = 0x13; // no known signature starts like this
        var unknown = Registry.IdentifyFile(_dir.Write("blob", random));
        Assert.Same(FileTypeMatch.Unknown, unknown);
        Assert.Equal(ContentKind.Unknown, unknown.Category);
        Assert.Equal("application/octet-stream", unknown.Mime);
    }

    [Fact]
    public void Binary_content_under_a_text_extension_lowers_the_confidence()
    {
        var random = new byte[4096];
        new Random(5).NextBytes(random);
        random[0] = 0x00; random[1] = 0x13;
        var match = Registry.IdentifyFile(_dir.Write("readme.txt", random));
        Assert.Equal("text/plain", match.Type?.Id);
        Assert.Equal(IdentificationMethod.Extension, match.Method);
        Assert.Equal(50, match.Confidence);
    }

    [Fact]
    public void A_type_whose_signature_is_missing_is_kept_with_confidence_70()
    {
        var match = Registry.IdentifyFile(_dir.Write("broken.png", Headers.WithPayload([0x00, 0x13, 0x77])));
        Assert.Equal("image/png", match.Type?.Id);
        Assert.Equal(70, match.Confidence);
        Assert.Equal(IdentificationMethod.Extension, match.Method);
    }

    [Fact]
    public void Empty_files_are_identified_by_name_only()
    {
        var empty = Registry.IdentifyFile(_dir.Write("empty.txt", []));
        Assert.Equal("text/plain", empty.Type?.Id);
        Assert.Equal(IdentificationMethod.Extension, empty.Method);
        Assert.Same(FileTypeMatch.Unknown, Registry.IdentifyFile(_dir.Write("empty", [])));
    }

    [Fact]
    public void Unreadable_paths_fall_back_to_the_name()
    {
        // Tests run as root (chmod 000 does not stop root): a directory named like a file and a path that
        // vanished are the unreadable cases we can make.
        string dir = Path.Combine(_dir.Path, "looks-like.png");
        Directory.CreateDirectory(dir);
        Assert.Equal("image/png", Registry.IdentifyFile(dir).Type?.Id);
        Assert.Equal(IdentificationMethod.Extension, Registry.IdentifyFile(dir).Method);
        Assert.Equal("application/pdf", Registry.IdentifyFile(_dir.File("vanished.pdf")).Type?.Id);
    }

    [Fact]
    public void Whole_file_names_win_over_extensions()
    {
        Assert.Equal("text/x-makefile", Registry.IdentifyByExtension("src/Makefile").Type?.Id);
        Assert.Equal("text/x-dockerfile", Registry.IdentifyByExtension("Dockerfile").Type?.Id);
        Assert.Equal("text/x-cmake", Registry.IdentifyByExtension("CMakeLists.txt").Type?.Id);
        Assert.Equal("text/plain", Registry.IdentifyByExtension("LICENSE").Type?.Id);
        Assert.Equal("text/plain", Registry.IdentifyByExtension("other.txt").Type?.Id);
    }

    [Fact]
    public void Shared_extensions_resolve_by_priority_without_content_and_by_signature_with_it()
    {
        Assert.Equal(["video/mp2t", "text/typescript"], Registry.GetByExtension(".ts").Select(t => t.Id));
        Assert.Equal("video/mp2t", Registry.IdentifyByExtension("x.ts").Type?.Id);
        // .key: Apple Keynote (zip) vs PKCS8 key.
        Assert.True(Registry.GetByExtension("key").Count >= 2);
        Assert.Equal("application/x-iwork-keynote-sffkey", Registry.IdentifyFile(_dir.Write("talk.key", Headers.WithPayload(Headers.Zip))).Type?.Id);
    }

    [Fact]
    public void The_header_the_content_hasher_read_identifies_the_file_without_a_second_read()
    {
        string path = _dir.Write("photo.jpg", Headers.WithPayload(Headers.Jpeg, 200_000));
        var hasher = new ContentHasher();
        Assert.True(hasher.Compute(path).IsHashed);
        Assert.Equal(8192, hasher.Header.Length);
        var match = Registry.Identify("photo.jpg", hasher.Header, isWholeFile: false);
        Assert.Equal("image/jpeg", match.Type?.Id);
        Assert.Equal(IdentificationMethod.ExtensionAndMagic, match.Method);
    }

    [Fact]
    public void Built_in_definitions_cover_the_reference()
    {
        // The reference has 223 unique ids in 23 categories used by its definitions (27 kinds in all).
        Assert.True(Registry.Types.Count >= 223, $"{Registry.Types.Count} types");
        Assert.Equal(27, ContentKinds.All.Count);
        Assert.True(Registry.Categories.Count >= 23, string.Join(", ", Registry.Categories));
        foreach (var id in new[] { "image/jpeg", "text/typescript", "application/vnd.ms-excel", "text/calendar", "text/html", "inode/symlink" })
            Assert.NotNull(Registry.Get(id));
        // Ids defined twice in the reference: the later definition wins (text/html is web, not code).
        Assert.Equal(ContentKind.Web, Registry.Get("text/html")!.Category);
        Assert.Equal(ContentKind.Calendar, Registry.Get("text/calendar")!.Category);
        Assert.Equal(ContentKind.Spreadsheet, Registry.Get("application/vnd.ms-excel")!.Category);
        Assert.Equal("image/png", Registry.GetByMime("image/png")!.Id);
        Assert.All(Registry.Types, t => Assert.False(string.IsNullOrWhiteSpace(t.Name)));
    }

    [Fact]
    public void Users_add_override_and_remove_types_by_id()
    {
        var user = ConfigurationFactory.ParseString("""
            spacedrive.file-types.types {
              "text/x-dhall" { name = Dhall, category = code, priority = 80, extensions = [dhall], mime-types = ["text/x-dhall"] }
              "image/jpeg".extensions = [jpg, jpeg, jpe, jfif]
              "video/mp2t".enabled = false
              "application/x-acme" {
                name = "Acme Container", category = archive, priority = 100, extensions = [acme]
                magic = [ { pattern = "41 43 [00-1F] ?? 4D 45", offset = 2, priority = 100 } ]
              }
            }
            """);
        var registry = FileTypeRegistry.Load(user);
        Assert.Equal("text/x-dhall", registry.IdentifyByExtension("config.dhall").Type?.Id);
        Assert.Null(FileTypeRegistry.Default.Get("text/x-dhall"));
        Assert.Equal("image/jpeg", registry.IdentifyByExtension("a.jfif").Type?.Id);
        Assert.Equal("JPEG Image", registry.Get("image/jpeg")!.Name); // the rest of the built-in definition stays
        Assert.Null(registry.Get("video/mp2t"));
        Assert.Equal("text/typescript", registry.IdentifyByExtension("x.ts").Type?.Id);
        var acme = registry.Identify("blob", [0, 0, 0x41, 0x43, 0x05, 0xEE, 0x4D, 0x45, 1, 2], isWholeFile: true);
        Assert.Equal("application/x-acme", acme.Type?.Id);
        Assert.Equal(FileTypeRegistry.Default.Types.Count + 1, registry.Types.Count); // +dhall +acme -mp2t
        Assert.Same(FileTypeRegistry.Default, FileTypeRegistry.Load(null));
        Assert.Same(FileTypeRegistry.Default, FileTypeRegistry.Load(ConfigurationFactory.ParseString("a = 1")));
    }

    [Theory]
    [InlineData("category = nonsense", "unknown category 'nonsense'")]
    [InlineData("category = image, magic = [ { pattern = \"ZZ\" } ]", "'ZZ' is not a hex byte")]
    [InlineData("category = image, magic = [ { pattern = \"01\", offset = 9000 } ]", "past the 8192 bytes")]
    [InlineData("category = image, priority = -1", "non-negative integer")]
    [InlineData("name = x", "category is missing")]
    public void Bad_user_definitions_fail_with_a_message_naming_them(string body, string expected)
    {
        var user = ConfigurationFactory.ParseString($"spacedrive.file-types.types.\"x/bad\" {{ {body} }}");
        var e = Assert.Throws<ConfigException>(() => FileTypeRegistry.Load(user));
        Assert.Contains("x/bad", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
