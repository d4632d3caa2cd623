using System.Security.Cryptography;
using System.Text.Json;
using Spacedrive.Node.Tests.Infrastructure;

namespace Spacedrive.Node.Tests;

/// <summary>`sd library ...` end to end, through the real binary, with and without a running node.</summary>
public sealed class LibraryCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SdRunner _sd;

    public LibraryCommandsSpec() => _sd = new SdRunner(_temp.Combine("data"));

    public void Dispose() => _temp.Dispose();

    private static string[] Names(SdResult list) =>
        [.. list.Json.GetProperty("libraries").EnumerateArray().Select(l => l.GetProperty("name").GetString()!)];

    [Fact]
    public void Library_commands_must_work_in_process_when_no_node_runs()
    {
        // First start: a default library exists.
        Assert.Equal(["Default"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));

        var created = _sd.Run("library", "create", "  Holiday   Photos ", "--json").ShouldSucceed().Json;
        Assert.Equal("Holiday Photos", created.GetProperty("name").GetString());
        Assert.Equal("open", created.GetProperty("state").GetString());
        var id = created.GetProperty("id").GetGuid();
        Assert.True(Directory.Exists(Path.Combine(_sd.DataDir, "libraries", "Holiday Photos.sdlibrary")));
        foreach (var file in new[] { "library.conf", "library.db", "library.lock" })
            Assert.True(File.Exists(Path.Combine(_sd.DataDir, "libraries", "Holiday Photos.sdlibrary", file)), file);

        Assert.Equal(["Default", "Holiday Photos"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));

        var info = _sd.Run("library", "info", id.ToString()[..8], "--json").ShouldSucceed().Json;
        Assert.Equal(id, info.GetProperty("library").GetProperty("id").GetGuid());
        Assert.Equal(0, info.GetProperty("statistics").GetProperty("entries").GetInt64());
        Assert.True(info.GetProperty("statistics").GetProperty("database_bytes").GetInt64() > 0);

        var renamed = _sd.Run("library", "rename", "holiday photos", "Trips", "--json").ShouldSucceed().Json;
        Assert.Equal(id, renamed.GetProperty("id").GetGuid());
        Assert.True(Directory.Exists(Path.Combine(_sd.DataDir, "libraries", "Trips.sdlibrary")));
        Assert.Equal(["Default", "Trips"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));

        var deleted = _sd.Run("library", "delete", "Trips", "--yes", "--delete-data", "--json").ShouldSucceed().Json;
        Assert.True(deleted.GetProperty("data_deleted").GetBoolean());
        Assert.False(Directory.Exists(Path.Combine(_sd.DataDir, "libraries", "Trips.sdlibrary")));
        Assert.Equal(["Default"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));
    }

    [Fact]
    public async Task Library_commands_must_work_against_a_running_node()
    {
        await using var node = await _sd.StartNodeAsync();

        var status = _sd.Run("node", "status", "--json").ShouldSucceed().Json;
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.False(status.GetProperty("node").GetProperty("in_process").GetBoolean());
        Assert.Equal(node.Pid, status.GetProperty("node").GetProperty("pid").GetInt32());

        _sd.Run("library", "create", "Work", "--json").ShouldSucceed();
        Assert.Equal(["Default", "Work"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));
        _sd.Run("library", "rename", "Work", "Office").ShouldSucceed();
        var kept = _sd.Run("library", "delete", "Office", "--yes", "--json").ShouldSucceed().Json;
        Assert.False(kept.GetProperty("data_deleted").GetBoolean());
        Assert.Equal(["Default"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));
        // Deleted without --delete-data: the folder is kept out of the way, not destroyed.
        Assert.Single(Directory.GetDirectories(Path.Combine(_sd.DataDir, "removed-libraries")));

        _sd.Run("node", "stop").ShouldSucceed();
        Assert.True(node.Process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, node.Process.ExitCode);
        Assert.False(File.Exists(Path.Combine(_sd.DataDir, "run", "api.sock")));
        // The lock is free again: an in-process command works at once.
        Assert.Equal(["Default"], Names(_sd.Run("library", "list", "--json").ShouldSucceed()));
    }

    [Fact]
    public void Errors_must_have_stable_codes_and_exit_codes()
    {
        _sd.Run("library", "create", "Music").ShouldSucceed();

        var duplicate = _sd.Run("library", "create", "music", "--json");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Equal("library_exists", duplicate.Json.GetProperty("error").GetProperty("code").GetString());

        var missing = _sd.Run("library", "info", "nope", "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("library_not_found", missing.Json.GetProperty("error").GetProperty("code").GetString());

        var badName = _sd.Run("library", "create", "   ", "--json");
        Assert.Equal(1, badName.ExitCode);
        Assert.Equal("invalid_name", badName.Json.GetProperty("error").GetProperty("code").GetString());

        var usage = _sd.Run("library", "frobnicate");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--help", usage.Stderr, StringComparison.Ordinal);

        var notRunning = _sd.Run("node", "status", "--json");
        Assert.Equal(3, notRunning.ExitCode);
        Assert.False(notRunning.Json.GetProperty("running").GetBoolean());

        var unconfirmed = _sd.Run("library", "delete", "Music");
        Assert.Equal(1, unconfirmed.ExitCode);
        Assert.Contains("--yes", unconfirmed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_library_database_must_make_only_that_library_unavailable()
    {
        _sd.Run("library", "create", "Broken").ShouldSucceed();
        _sd.Run("library", "create", "Healthy").ShouldSucceed();
        var db = Path.Combine(_sd.DataDir, "libraries", "Broken.sdlibrary", "library.db");
        File.WriteAllBytes(db, RandomNumberGenerator.GetBytes(64 * 1024));
        var before = SHA256.HashData(File.ReadAllBytes(db));

        var list = _sd.Run("library", "list", "--json").ShouldSucceed().Json.GetProperty("libraries").EnumerateArray().ToList();
        var broken = list.Single(l => l.GetProperty("name").GetString() == "Broken");
        Assert.Equal("unavailable", broken.GetProperty("state").GetString());
        Assert.Contains("library.db", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", list.Single(l => l.GetProperty("name").GetString() == "Healthy").GetProperty("state").GetString());

        // The healthy one keeps working, the broken one says why, and its bytes are untouched.
        _sd.Run("library", "info", "Healthy", "--json").ShouldSucceed();
        var info = _sd.Run("library", "info", "Broken", "--json");
        Assert.Equal(1, info.ExitCode);
        Assert.Equal("unavailable", info.Json.GetProperty("library").GetProperty("state").GetString());
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
        Assert.False(File.Exists(db + "-wal"));
    }

    [Fact]
    public void A_truncated_library_database_must_make_that_library_unavailable()
    {
        _sd.Run("library", "create", "Cut").ShouldSucceed();
        var db = Path.Combine(_sd.DataDir, "libraries", "Cut.sdlibrary", "library.db");
        var bytes = File.ReadAllBytes(db);
        File.WriteAllBytes(db, bytes[..(bytes.Length / 3)]);

        var cut = _sd.Run("library", "list", "--json").ShouldSucceed().Json.GetProperty("libraries").EnumerateArray()
            .Single(l => l.GetProperty("name").GetString() == "Cut");
        Assert.Equal("unavailable", cut.GetProperty("state").GetString());
        Assert.Equal(bytes.Length / 3, new FileInfo(db).Length);
    }
}
