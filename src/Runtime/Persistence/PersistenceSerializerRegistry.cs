using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Spacedrive.Runtime.Persistence;

/// <summary>A payload serialized for storage: its registered manifest and its UTF-8 JSON.</summary>
public readonly record struct SerializedPayload(string Manifest, byte[] Data);

/// <summary>
/// Serializes events and snapshots with System.Text.Json through registered, stable string manifests
/// (e.g. <c>jobs.JobQueued.v1</c>). A type is serialized only when registered, and a stored payload is read
/// only through the registration of its manifest: no type name from storage is ever resolved.
/// Register at startup; lookups are lock-free and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var registry = new PersistenceSerializerRegistry()
///     .Register("jobs.JobQueued.v1", JobsJsonContext.Default.JobQueued)
///     .Register&lt;JobState&gt;("jobs.JobState.v1");
/// </code>
/// </example>
public sealed class PersistenceSerializerRegistry
{
    /// <summary>
    /// Written to the <c>identifier</c> / <c>serializer_id</c> columns. Akka's own serializers use ids below 100.
    /// </summary>
    public const int SerializerId = 100;

    /// <summary>Longest manifest accepted (the width of Akka.Persistence.Sql's <c>manifest</c> column).</summary>
    public const int MaxManifestLength = 500;

    private readonly Lock _gate = new();
    private volatile Dictionary<Type, Entry> _byType = [];
    private volatile Dictionary<string, Entry> _byManifest = new(StringComparer.Ordinal);

    private delegate object? Reader(ReadOnlySpan<byte> data);

    private sealed record Entry(string Manifest, Type Type, Func<object, byte[]>? Writer, Reader Read);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/> with a source-generated contract.</summary>
    public PersistenceSerializerRegistry Register<T>(string manifest, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Add(new Entry(manifest, typeof(T),
            value => JsonSerializer.SerializeToUtf8Bytes((T)value, typeInfo),
            data => JsonSerializer.Deserialize(data, typeInfo)), writable: true);
    }

    /// <summary>
    /// Registers <typeparamref name="T"/> under <paramref name="manifest"/>, serialized by reflection over
    /// <typeparamref name="T"/> with <paramref name="options"/> (default: <see cref="JsonSerializerOptions.Default"/>).
    /// Prefer the <see cref="JsonTypeInfo{T}"/> overload for message contracts.
    /// </summary>
    public PersistenceSerializerRegistry Register<T>(string manifest, JsonSerializerOptions? options = null)
    {
        var o = options ?? JsonSerializerOptions.Default;
        return Add(new Entry(manifest, typeof(T),
            value => JsonSerializer.SerializeToUtf8Bytes((T)value, o),
            data => JsonSerializer.Deserialize<T>(data, o)), writable: true);
    }

    /// <summary>
    /// Registers an older manifest that is still read but no longer written: stored payloads with
    /// <paramref name="manifest"/> are read as <typeparamref name="TOld"/> and converted by <paramref name="upcast"/>
    /// (e.g. <c>jobs.JobQueued.v1</c> → the v2 record).
    /// </summary>
    public PersistenceSerializerRegistry RegisterUpcast<TOld>(string manifest, JsonTypeInfo<TOld> typeInfo, Func<TOld, object> upcast)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentNullException.ThrowIfNull(upcast);
        return Add(new Entry(manifest, typeof(TOld), null, data =>
        {
            var old = JsonSerializer.Deserialize(data, typeInfo);
            return old is null ? null : upcast(old);
        }), writable: false);
    }

    /// <summary>The manifest <paramref name="type"/> is written with, if registered.</summary>
    public bool TryGetManifest(Type type, out string manifest)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_byType.TryGetValue(type, out var entry))
        {
            manifest = entry.Manifest;
            return true;
        }

        manifest = "";
        return false;
    }

    /// <summary>Whether stored payloads with this manifest can be read.</summary>
    public bool IsRegistered(string manifest) => _byManifest.ContainsKey(manifest);

    /// <summary>Every manifest that can be read, in ordinal order.</summary>
    public IReadOnlyList<string> Manifests => [.. _byManifest.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Serializes <paramref name="payload"/> by the registration of its exact runtime type.</summary>
    /// <exception cref="UnregisteredPayloadTypeException">The type is not registered.</exception>
    public SerializedPayload Serialize(object payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (!_byType.TryGetValue(payload.GetType(), out var entry) || entry.Writer is null)
        {
            throw new UnregisteredPayloadTypeException(payload.GetType());
        }

        return new SerializedPayload(entry.Manifest, entry.Writer(payload));
    }

    /// <summary>
    /// Reads a stored payload by its manifest. <paramref name="persistenceId"/> and <paramref name="sequenceNr"/> only
    /// name the payload in errors.
    /// </summary>
    /// <exception cref="UnknownManifestException">No registration for <paramref name="manifest"/>.</exception>
    /// <exception cref="PayloadDeserializationException">The data does not fit the registered contract.</exception>
    public object Deserialize(string manifest, ReadOnlySpan<byte> data, string persistenceId, long sequenceNr)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!_byManifest.TryGetValue(manifest, out var entry))
        {
            throw new UnknownManifestException(manifest, persistenceId, sequenceNr);
        }

        object? value;
        try
        {
            value = entry.Read(data);
        }
        catch (JsonException e)
        {
            throw new PayloadDeserializationException(
                $"Cannot deserialize '{persistenceId}' #{sequenceNr} with manifest '{manifest}' as {entry.Type.Name}: {e.Message}", e);
        }

        return value ?? throw new PayloadDeserializationException(
            $"'{persistenceId}' #{sequenceNr} with manifest '{manifest}' deserialized to null.");
    }

    private PersistenceSerializerRegistry Add(Entry entry, bool writable)
    {
        ValidateManifest(entry.Manifest);
        lock (_gate)
        {
            if (_byManifest.ContainsKey(entry.Manifest))
            {
                throw new InvalidOperationException($"Manifest '{entry.Manifest}' is already registered.");
            }

            if (writable && _byType.TryGetValue(entry.Type, out var existing))
            {
                throw new InvalidOperationException($"{entry.Type} is already registered as '{existing.Manifest}'.");
            }

            _byManifest = new Dictionary<string, Entry>(_byManifest, StringComparer.Ordinal) { [entry.Manifest] = entry };
            if (writable)
            {
                _byType = new Dictionary<Type, Entry>(_byType) { [entry.Type] = entry };
            }
        }

        return this;
    }

    private static void ValidateManifest(string manifest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        if (manifest.Length > MaxManifestLength)
        {
            throw new ArgumentException($"A manifest has at most {MaxManifestLength} characters.", nameof(manifest));
        }

        foreach (var c in manifest)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new ArgumentException($"Manifest '{manifest}' contains whitespace or a control character.", nameof(manifest));
            }
        }
    }
}

/// <summary>A payload's type has no manifest registered for writing.</summary>
public sealed class UnregisteredPayloadTypeException : Exception
{
    public UnregisteredPayloadTypeException(Type type)
        : base($"{type} has no manifest registered in the persistence serializer registry; register it with a stable manifest such as 'area.{type.Name}.v1'.")
    {
        PayloadType = type;
    }

    public UnregisteredPayloadTypeException() : base() { }
    public UnregisteredPayloadTypeException(string message) : base(message) { }
    public UnregisteredPayloadTypeException(string message, Exception innerException) : base(message, innerException) { }

    public Type? PayloadType { get; }
}
