using System.Text;
using System.Text.Json.Serialization;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Runtime.Tests.Persistence;

public sealed record JobQueuedV1(string Name);

public sealed record JobQueuedV2(string Name, int Priority);

public sealed record PlainState(int Count, string Label);

[JsonSerializable(typeof(JobQueuedV1))]
[JsonSerializable(typeof(JobQueuedV2))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;

public sealed class PersistenceSerializerRegistrySpec
{
    private static PersistenceSerializerRegistry Registry() => new PersistenceSerializerRegistry()
        .Register("jobs.JobQueued.v2", RegistryJsonContext.Default.JobQueuedV2)
        .Register<PlainState>("test.PlainState.v1");

    [Fact]
    public void Registry_must_round_trip_a_payload_through_its_manifest()
    {
        var registry = Registry();
        var serialized = registry.Serialize(new JobQueuedV2("index", 3));
        Assert.Equal("jobs.JobQueued.v2", serialized.Manifest);
        Assert.Equal("""{"Name":"index","Priority":3}""", Encoding.UTF8.GetString(serialized.Data));
        Assert.Equal(new JobQueuedV2("index", 3), registry.Deserialize(serialized.Manifest, serialized.Data, "job-1", 1));
    }

    [Fact]
    public void Registry_must_round_trip_a_type_registered_without_a_generated_contract()
    {
        var registry = Registry();
        var serialized = registry.Serialize(new PlainState(2, "x"));
        Assert.Equal(new PlainState(2, "x"), registry.Deserialize("test.PlainState.v1", serialized.Data, "p", 1));
    }

    [Fact]
    public void Registry_must_fail_loudly_on_an_unknown_manifest_naming_it_and_the_persistence_id()
    {
        var error = Assert.Throws<UnknownManifestException>(() =>
            Registry().Deserialize("System.Diagnostics.Process, System", "{}"u8, "job-7", 12));
        Assert.Equal("System.Diagnostics.Process, System", error.Manifest);
        Assert.Equal("job-7", error.PersistenceId);
        Assert.Equal(12, error.SequenceNr);
        Assert.Contains("job-7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_must_refuse_to_serialize_an_unregistered_type()
    {
        var error = Assert.Throws<UnregisteredPayloadTypeException>(() => Registry().Serialize(new JobQueuedV1("x")));
        Assert.Equal(typeof(JobQueuedV1), error.PayloadType);
    }

    [Fact]
    public void Registry_must_not_serialize_a_subtype_through_its_base_registration()
    {
        var registry = new PersistenceSerializerRegistry().Register<object>("test.Object.v1");
        Assert.Throws<UnregisteredPayloadTypeException>(() => registry.Serialize(new PlainState(1, "")));
    }

    [Fact]
    public void Registry_must_refuse_a_manifest_or_a_type_registered_twice()
    {
        var registry = Registry();
        Assert.Throws<InvalidOperationException>(() => registry.Register<JobQueuedV1>("jobs.JobQueued.v2"));
        Assert.Throws<InvalidOperationException>(() => registry.Register<PlainState>("test.PlainState.v2"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("has space")]
    [InlineData("tab\t")]
    public void Registry_must_refuse_an_invalid_manifest(string manifest) =>
        Assert.ThrowsAny<ArgumentException>(() => new PersistenceSerializerRegistry().Register<PlainState>(manifest));

    [Fact]
    public void Registry_must_read_an_old_manifest_through_its_upcast()
    {
        var registry = Registry().RegisterUpcast("jobs.JobQueued.v1", RegistryJsonContext.Default.JobQueuedV1, old => new JobQueuedV2(old.Name, 0));
        Assert.Equal(new JobQueuedV2("old", 0), registry.Deserialize("jobs.JobQueued.v1", """{"Name":"old"}"""u8, "job-1", 1));
        Assert.True(registry.IsRegistered("jobs.JobQueued.v1"));
        Assert.Throws<UnregisteredPayloadTypeException>(() => registry.Serialize(new JobQueuedV1("new")));
        Assert.Equal("jobs.JobQueued.v2", registry.Serialize(new JobQueuedV2("n", 1)).Manifest);
    }

    [Fact]
    public void Registry_must_report_malformed_data_with_manifest_and_persistence_id()
    {
        var error = Assert.Throws<PayloadDeserializationException>(() => Registry().Deserialize("jobs.JobQueued.v2", "{not json"u8, "job-3", 4));
        Assert.Contains("job-3", error.Message, StringComparison.Ordinal);
        Assert.Contains("jobs.JobQueued.v2", error.Message, StringComparison.Ordinal);
        Assert.Throws<PayloadDeserializationException>(() => Registry().Deserialize("jobs.JobQueued.v2", "null"u8, "job-3", 4));
    }

    [Fact]
    public void Registry_must_list_manifests_and_types()
    {
        var registry = Registry();
        Assert.Equal(["jobs.JobQueued.v2", "test.PlainState.v1"], registry.Manifests);
        Assert.True(registry.TryGetManifest(typeof(PlainState), out var manifest));
        Assert.Equal("test.PlainState.v1", manifest);
        Assert.False(registry.TryGetManifest(typeof(JobQueuedV1), out _));
    }
}

public sealed class AtomicWriteSpec
{
    [Fact]
    public void AtomicWrite_must_hold_contiguous_events_of_one_persistence_id()
    {
        var write = new AtomicWrite([new PersistentRepr("a", 3, 1), new PersistentRepr("a", 4, 2)]);
        Assert.Equal("a", write.PersistenceId);
        Assert.Equal(3, write.LowestSequenceNr);
        Assert.Equal(4, write.HighestSequenceNr);
        Assert.Throws<ArgumentException>(() => new AtomicWrite([new PersistentRepr("a", 1, 1), new PersistentRepr("b", 2, 2)]));
        Assert.Throws<ArgumentException>(() => new AtomicWrite([new PersistentRepr("a", 1, 1), new PersistentRepr("a", 3, 2)]));
        Assert.Throws<ArgumentException>(() => new AtomicWrite([]));
        Assert.Throws<ArgumentException>(() => new AtomicWrite(new PersistentRepr("a", 0, 1)));
    }

    [Fact]
    public void SnapshotSelectionCriteria_must_match_within_inclusive_bounds()
    {
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var criteria = new SnapshotSelectionCriteria(10, t, 5, t.AddDays(-1));
        Assert.True(criteria.IsMatch(new SnapshotMetadata("p", 10, t)));
        Assert.True(criteria.IsMatch(new SnapshotMetadata("p", 5, t.AddDays(-1))));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 11, t)));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 4, t)));
        Assert.False(criteria.IsMatch(new SnapshotMetadata("p", 7, t.AddTicks(1))));
        Assert.False(SnapshotSelectionCriteria.None.IsMatch(new SnapshotMetadata("p", 1, t)));
        Assert.True(SnapshotSelectionCriteria.Latest.IsMatch(new SnapshotMetadata("p", long.MaxValue, t)));
    }
}
