using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Locations;
using Spacedrive.Actors.Tests.Indexing;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Locations;

public sealed class LocationServiceSpec : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sd-loc-").FullName;
    private readonly LibraryDatabase _db;
    private readonly LocationService _service;

    public LocationServiceSpec()
    {
        _db = LibraryDatabase.Create(Path.Combine(_dir, "library.db"));
        _service = new LocationService(_db);
        _service.EnsureCurrentDevice(Guid.NewGuid(), "Test Box");
        Directory.CreateDirectory(Path.Combine(_dir, "photos", "2020"));
        File.WriteAllText(Path.Combine(_dir, "photos", "2020", "a.jpg"), "jpg");
        Directory.CreateDirectory(Path.Combine(_dir, "docs"));
    }

    public void Dispose()
    {
        _db.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Adding_checks_the_path_and_records_the_volume()
    {
        var photos = _service.Add(Path.Combine(_dir, "photos") + "/", mode: IndexMode.Shallow, rules: RuleToggles.Default.With(RuleToggles.OnlyImages, true));
        Assert.Equal(Path.Combine(_dir, "photos"), photos.Path);
        Assert.Equal("photos", photos.Name);
        Assert.NotNull(photos.VolumeId);
        Assert.False(photos.IsOffline);
        Assert.True(photos.Rules.IsOn(RuleToggles.OnlyImages, false));
        Assert.Contains("relative", Assert.Throws<LocationException>(() => _service.Add("relative/path")).Message.Replace("absolute", "relative", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<LocationException>(() => _service.Add(Path.Combine(_dir, "nope"))).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "file"), "f");
        Assert.Contains("not a folder", Assert.Throws<LocationException>(() => _service.Add(Path.Combine(_dir, "file"))).Message, StringComparison.Ordinal);
        Assert.Contains("inside", Assert.Throws<LocationException>(() => _service.Add(Path.Combine(_dir, "photos", "2020"))).Message, StringComparison.Ordinal);
        Assert.Contains("contains", Assert.Throws<LocationException>(() => _service.Add(_dir)).Message, StringComparison.Ordinal);
        Assert.Contains("already", Assert.Throws<LocationException>(() => _service.Add(Path.Combine(_dir, "photos"))).Message, StringComparison.Ordinal);
        _service.Add(Path.Combine(_dir, "docs"));
        Assert.Equal(2, _service.List().Count);
        Assert.Equal(1, Count("SELECT COUNT(*) FROM volumes"));
    }

    [Fact]
    public async Task Rescan_removal_and_offline()
    {
        var photos = _service.Add(Path.Combine(_dir, "photos"), mode: IndexMode.Content);
        var request = _service.RescanRequest(photos.Id, runRules: new RuleToggles { NoDefaultRules = true });
        Assert.Equal(IndexMode.Content, request.Mode);
        var result = await IndexerEngine.RunAsync(_db, request);
        Assert.Equal(1, result.Stats.Files);
        Assert.Equal(1, _service.Get(photos.Id)!.TotalFileCount);

        Directory.Move(Path.Combine(_dir, "photos"), Path.Combine(_dir, "photos-away"));
        Assert.True(_service.Get(photos.Id)!.IsOffline);
        Assert.Single(_service.RefreshOnline());
        Assert.Throws<LocationException>(() => _service.RescanRequest(photos.Id));
        Assert.Equal(3, Count("SELECT COUNT(*) FROM entries"));
        Directory.Move(Path.Combine(_dir, "photos-away"), Path.Combine(_dir, "photos"));
        Assert.Empty(_service.RefreshOnline());

        Assert.True(_service.Remove(photos.Id));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM entries") + Count("SELECT COUNT(*) FROM entry_closure") + Count("SELECT COUNT(*) FROM directory_paths"));
        Assert.True(File.Exists(Path.Combine(_dir, "photos", "2020", "a.jpg")));
        Assert.False(_service.Remove(photos.Id));
    }

    [Fact]
    public async Task An_ephemeral_index_lists_sizes_and_hands_its_uuids_to_the_location()
    {
        File.WriteAllText(Path.Combine(_dir, "photos", "b.png"), "12345");
        var root = Path.Combine(_dir, "photos");
        var index = await EphemeralIndex.BuildAsync(root, new RuleToggles { NoDefaultRules = true });
        var top = index.List(root)!;
        Assert.Equal(["2020", "b.png"], top.Select(e => e.Name));
        Assert.Equal(3, top[0].Size);
        Assert.Equal(5, top[1].Size);
        Assert.Null(index.List(Path.Combine(root, "b.png")));
        var uuid = index.UuidFor(Path.Combine(root, "2020", "a.jpg"));
        Assert.NotNull(uuid);

        var location = _service.Add(root);
        var request = _service.RescanRequest(location.Id, IndexMode.Shallow, new RuleToggles { NoDefaultRules = true }) with { PreassignedUuids = index.UuidFor };
        await IndexerEngine.RunAsync(_db, request);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM entries WHERE uuid = unhex('{uuid:N}') AND name = 'a.jpg'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM entries WHERE uuid = unhex('{index.UuidFor(root):N}') AND parent_id IS NULL"));
    }

    private long Count(string sql)
    {
        using var command = _db.Writer.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
