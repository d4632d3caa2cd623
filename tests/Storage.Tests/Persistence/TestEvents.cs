using System.Text.Json.Serialization;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Tests.Persistence;

public sealed record Evt(string Text);

public sealed record Counter(int Value);

public sealed record NotRegistered(int X);

[JsonSerializable(typeof(Evt))]
[JsonSerializable(typeof(Counter))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

internal static class TestRegistry
{
    public const string EvtManifest = "test.Evt.v1";
    public const string CounterManifest = "test.Counter.v1";

    public static PersistenceSerializerRegistry Create() => new PersistenceSerializerRegistry()
        .Register(EvtManifest, TestJsonContext.Default.Evt)
        .Register(CounterManifest, TestJsonContext.Default.Counter);

    /// <summary>Knows counters only: events written as <see cref="Evt"/> have an unknown manifest.</summary>
    public static PersistenceSerializerRegistry WithoutEvt() => new PersistenceSerializerRegistry()
        .Register(CounterManifest, TestJsonContext.Default.Counter);
}
