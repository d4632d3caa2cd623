using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.FileTypes;

/// <summary>
/// Every known file type, from <c>hocon/filetypes.conf</c> (embedded) with a user's configuration layered
/// over it by id, and the identification of files (reference <c>core/src/filetype/registry.rs</c>, made
/// stricter: the content is checked whenever it was read, and a contradiction is reported).
/// <para>
/// Immutable and thread-safe once built. Lookups cost one dictionary probe on a span of the name (no
/// allocation); signatures are indexed by their first byte so a header is tested against the few
/// signatures that can match it, not all of them.
/// </para>
/// </summary>
public sealed class FileTypeRegistry
{
    /// <summary>How much of a file identification reads (as the reference's <c>MAX_MAGIC_BYTES</c>).</summary>
    public const int HeaderLength = 8192;

    /// <summary>Where the definitions live in configuration.</summary>
    public const string ConfigPath = "spacedrive.file-types.types";

    public const string ResourceName = "filetypes.conf";

    private const string PlainTextId = "text/plain";

    private static readonly Lazy<Config> EmbeddedConfig = new(() => ConfigurationFactory.FromResource(ResourceName, typeof(FileTypeRegistry).Assembly));
    private static readonly Lazy<FileTypeRegistry> DefaultRegistry = new(() => FromConfig(EmbeddedConfig.Value));

    private readonly Dictionary<string, FileType> _byId;
    private readonly Dictionary<string, FileType[]> _byExtension;
    private readonly Dictionary<string, FileType[]>.AlternateLookup<ReadOnlySpan<char>> _byExtensionSpan;
    private readonly Dictionary<string, FileType[]> _byFileName;
    private readonly Dictionary<string, FileType[]>.AlternateLookup<ReadOnlySpan<char>> _byFileNameSpan;
    private readonly Dictionary<string, FileType> _byMime;
    private readonly Signature[][] _byFirstByte;
    private readonly Signature[] _otherSignatures;
    private readonly FileType? _plainText;

    public FileTypeRegistry(IEnumerable<FileType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _byId = new Dictionary<string, FileType>(StringComparer.Ordinal);
        foreach (var type in types) _byId[type.Id] = type; // a later definition of an id replaces the earlier one
        Types = [.. _byId.Values];

        _byExtension = Index(Types, t => t.Extensions.Select(e => e.TrimStart('.')), StringComparer.OrdinalIgnoreCase);
        _byExtensionSpan = _byExtension.GetAlternateLookup<ReadOnlySpan<char>>();
        _byFileName = Index(Types, t => t.FileNames, StringComparer.Ordinal);
        _byFileNameSpan = _byFileName.GetAlternateLookup<ReadOnlySpan<char>>();

        _byMime = new Dictionary<string, FileType>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in Types.OrderBy(t => t.Priority))
        {
            foreach (var mime in type.MimeTypes) _byMime[mime] = type;
        }

        var buckets = new List<Signature>[256];
        var other = new List<Signature>();
        foreach (var type in Types)
        {
            foreach (var pattern in type.Magic)
            {
                var signature = new Signature(type, pattern);
                if (pattern.Offset == 0 && pattern.FirstExact >= 0) (buckets[pattern.FirstExact] ??= []).Add(signature);
                else other.Add(signature);
            }
        }
        _byFirstByte = [.. buckets.Select(b => b is null ? [] : b.ToArray())];
        _otherSignatures = [.. other];
        _plainText = Get(PlainTextId);
        Categories = [.. Types.Select(t => t.Category).Distinct().Order()];
    }

    /// <summary>The built-in types (embedded <c>filetypes.conf</c>), built once.</summary>
    public static FileTypeRegistry Default => DefaultRegistry.Value;

    /// <summary>The built-in definitions as configuration, for layering.</summary>
    public static Config BuiltInConfig => EmbeddedConfig.Value;

    /// <summary>
    /// The built-in types with <paramref name="user"/> over them: a user's <c>spacedrive.file-types.types."id"</c>
    /// object merges into the built-in one of that id (or adds a type); <c>enabled = false</c> removes it.
    /// </summary>
    public static FileTypeRegistry Load(Config? user) =>
        user is null || !user.HasPath(ConfigPath) ? Default : FromConfig(user.WithFallback(EmbeddedConfig.Value));

    /// <summary>Builds a registry from the types at <see cref="ConfigPath"/>; a bad definition throws a <see cref="ConfigException"/> naming it.</summary>
    public static FileTypeRegistry FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var types = new List<FileType>();
        foreach (var (id, value) in config.GetConfig(ConfigPath).AsEnumerable())
        {
            if (value is not HoconObject obj) throw new ConfigException($"{ConfigPath}.\"{id}\" must be an object ({value.Origin})");
            if (ReadDefinition(id, obj) is { } type) types.Add(type);
        }
        return new FileTypeRegistry(types);
    }

    public IReadOnlyList<FileType> Types { get; }

    /// <summary>The categories that have at least one type.</summary>
    public IReadOnlyList<ContentKind> Categories { get; }

    public FileType? Get(string id) => _byId.GetValueOrDefault(id);

    public FileType? GetByMime(string mime) => _byMime.GetValueOrDefault(mime);

    /// <summary>Types registered for an extension (with or without its dot, any case).</summary>
    public IReadOnlyList<FileType> GetByExtension(ReadOnlySpan<char> extension)
    {
        if (!extension.IsEmpty && extension[0] == '.') extension = extension[1..];
        return _byExtensionSpan.TryGetValue(extension, out var found) ? found : [];
    }

    public IReadOnlyList<FileType> GetByCategory(ContentKind category) => [.. Types.Where(t => t.Category == category)];

    /// <summary>
    /// The types a file name suggests: those listing the whole name (e.g. <c>Makefile</c>), else those of its
    /// last extension. A leading dot does not start an extension (<c>.bashrc</c> has none), as in Rust's
    /// <c>Path::extension</c>. Directories in front of the name are ignored.
    /// </summary>
    public IReadOnlyList<FileType> Candidates(ReadOnlySpan<char> fileName)
    {
        int slash = fileName.LastIndexOfAny('/', '\\');
        if (slash >= 0) fileName = fileName[(slash + 1)..];
        if (_byFileName.Count > 0 && _byFileNameSpan.TryGetValue(fileName, out var byName)) return byName;
        return GetByExtension(Extension(fileName));
    }

    /// <summary>The extension of a file name without its dot ("" when none).</summary>
    public static ReadOnlySpan<char> Extension(ReadOnlySpan<char> fileName)
    {
        int slash = fileName.LastIndexOfAny('/', '\\');
        if (slash >= 0) fileName = fileName[(slash + 1)..];
        int dot = fileName.LastIndexOf('.');
        return dot <= 0 ? [] : fileName[(dot + 1)..];
    }

    /// <summary>
    /// Identification by name only, without I/O (browsing, search, ephemeral listings): the highest-priority
    /// candidate, confidence 90 (70 when that type has a signature nobody checked).
    /// </summary>
    public FileTypeMatch IdentifyByExtension(ReadOnlySpan<char> fileName)
    {
        var top = Top(Candidates(fileName));
        return top is null ? FileTypeMatch.Unknown : new FileTypeMatch(top, IdentificationMethod.Extension, top.HasMagic ? 70 : 90);
    }

    /// <summary>The category by name only (the reference's <c>identify_by_extension</c>).</summary>
    public ContentKind CategoryByExtension(ReadOnlySpan<char> fileName) => Top(Candidates(fileName))?.Category ?? ContentKind.Unknown;

    /// <summary>
    /// Identification from a name and the file's first bytes (up to <see cref="HeaderLength"/>), without I/O:
    /// use it with bytes already read (the content hasher's header). <paramref name="isWholeFile"/> says the
    /// header is the entire file (an empty header then means an empty file).
    /// </summary>
    public FileTypeMatch Identify(ReadOnlySpan<char> fileName, ReadOnlySpan<byte> header, bool isWholeFile)
    {
        var candidates = Candidates(fileName);
        if (header.IsEmpty)
        {
            // Nothing to look at (an empty file, or a header that could not be read): the name decides.
            return IdentifyByExtension(fileName);
        }

        // 1. A candidate whose signature matches: name and content agree.
        FileType? agreed = null;
        MagicPattern? agreedBy = null;
        foreach (var candidate in candidates)
        {
            if (candidate.MatchMagic(header) is { } pattern && (agreedBy is null || Better(candidate, pattern, agreed!, agreedBy)))
                (agreed, agreedBy) = (candidate, pattern);
        }
        if (agreed is not null) return new FileTypeMatch(agreed, IdentificationMethod.ExtensionAndMagic, 100);

        bool isText = TextHeuristic.IsText(header, isWholeFile);
        var (byMagic, pattern2) = BestSignature(header);
        bool strong = pattern2 is not null && IsStrong(pattern2, isText);

        if (candidates.Count == 0)
        {
            if (strong) return new FileTypeMatch(byMagic, IdentificationMethod.Magic, 95);
            if (isText && _plainText is not null) return new FileTypeMatch(_plainText, IdentificationMethod.TextHeuristic, 60);
            return FileTypeMatch.Unknown;
        }

        var top = Top(candidates)!;
        // 2. The content proves another type: report it, and what the name said.
        if (strong) return new FileTypeMatch(byMagic, IdentificationMethod.Magic, 90, ExtensionType: top);

        // 3. A text type named by the extension, and text content.
        if (isText && Top(candidates, textualOnly: true) is { } text)
            return new FileTypeMatch(text, IdentificationMethod.ExtensionAndText, 95);

        // 4. The name alone: weaker when the type has a signature that is missing, or is text but the content is not.
        int confidence = top.HasMagic ? 70 : top.Category.IsTextual() && !isText ? 50 : 90;
        return new FileTypeMatch(top, IdentificationMethod.Extension, confidence);
    }

    /// <summary>
    /// Reads up to <see cref="HeaderLength"/> bytes of the file and identifies it. Never throws for I/O
    /// reasons: a file that cannot be read is identified by its name.
    /// </summary>
    public FileTypeMatch IdentifyFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return IdentifyByExtension(path);
        }
        using (handle)
        {
            return IdentifyFile(handle, path);
        }
    }

    /// <summary>As <see cref="IdentifyFile(string)"/> for an open file.</summary>
    public FileTypeMatch IdentifyFile(SafeFileHandle handle, string fileName)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Span<byte> header = stackalloc byte[HeaderLength];
        int n;
        try
        {
            n = ReadHeader(handle, header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IdentifyByExtension(fileName);
        }
        return Identify(fileName, header[..n], isWholeFile: n < HeaderLength);
    }

    /// <summary>The strongest signature of any type matching <paramref name="header"/>.</summary>
    public (FileType? Type, MagicPattern? Pattern) BestSignature(ReadOnlySpan<byte> header)
    {
        FileType? bestType = null;
        MagicPattern? best = null;
        if (header.IsEmpty) return (null, null);
        foreach (var s in _byFirstByte[header[0]])
        {
            if (s.Pattern.Matches(header) && (best is null || Better(s.Type, s.Pattern, bestType!, best))) (bestType, best) = (s.Type, s.Pattern);
        }
        foreach (var s in _otherSignatures)
        {
            if (s.Pattern.Matches(header) && (best is null || Better(s.Type, s.Pattern, bestType!, best))) (bestType, best) = (s.Type, s.Pattern);
        }
        return (bestType, best);
    }

    private static int ReadHeader(SafeFileHandle handle, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], total);
            if (n <= 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>
    /// Enough to contradict a name: four exact bytes, or two when the content is not text (a text file may
    /// well start with "BM" or "PK"; a single byte proves nothing).
    /// </summary>
    private static bool IsStrong(MagicPattern pattern, bool isText) => pattern.ExactBytes >= 4 || (pattern.ExactBytes >= 2 && !isText);

    private static bool Better(FileType type, MagicPattern pattern, FileType otherType, MagicPattern other) =>
        pattern.Priority != other.Priority ? pattern.Priority > other.Priority
        : pattern.ExactBytes != other.ExactBytes ? pattern.ExactBytes > other.ExactBytes
        : type.Priority > otherType.Priority;

    private static FileType? Top(IReadOnlyList<FileType> candidates, bool textualOnly = false)
    {
        FileType? top = null;
        foreach (var c in candidates)
        {
            if (textualOnly && !c.Category.IsTextual()) continue;
            if (top is null || c.Priority > top.Priority) top = c;
        }
        return top;
    }

    private static Dictionary<string, FileType[]> Index(IEnumerable<FileType> types, Func<FileType, IEnumerable<string>> keys, StringComparer comparer)
    {
        var lists = new Dictionary<string, List<FileType>>(comparer);
        foreach (var type in types)
        {
            foreach (var key in keys(type).Where(k => k.Length > 0).Distinct(comparer))
            {
                if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
                list.Add(type);
            }
        }
        // Highest priority first, so that the first candidate is the default choice.
        return lists.ToDictionary(kv => kv.Key, kv => kv.Value.OrderByDescending(t => t.Priority).ToArray(), comparer);
    }

    private static FileType? ReadDefinition(string id, HoconObject obj)
    {
        string where = $"{ConfigPath}.\"{id}\"";
        if (obj.TryGetValue("enabled", out var enabled) && enabled is HoconScalar { Text: "false" or "off" or "no" }) return null;

        string name = Scalar(obj, "name", where) ?? id;
        string categoryText = Scalar(obj, "category", where) ?? throw new ConfigException($"{where}: category is missing ({obj.Origin})");
        if (!ContentKinds.TryParse(categoryText, out var category))
            throw new ConfigException($"{where}: unknown category '{categoryText}' ({obj.Origin}); one of {string.Join(", ", ContentKinds.All.Select(k => k.Name()))}");
        int priority = Int(obj, "priority", where) ?? 50;
        var magic = new List<MagicPattern>();
        if (obj.TryGetValue("magic", out var magicValue))
        {
            if (magicValue is not HoconArray array) throw new ConfigException($"{where}.magic must be a list ({magicValue.Origin})");
            foreach (var item in array)
            {
                if (item is not HoconObject m) throw new ConfigException($"{where}.magic: each item is {{ pattern, offset, priority }} ({item.Origin})");
                string pattern = Scalar(m, "pattern", where + ".magic") ?? throw new ConfigException($"{where}.magic: pattern is missing ({m.Origin})");
                int offset = Int(m, "offset", where + ".magic") ?? 0;
                try
                {
                    var compiled = MagicPattern.Parse(pattern, offset, Int(m, "priority", where + ".magic") ?? priority);
                    if (compiled.RequiredLength > HeaderLength)
                        throw new FormatException($"it ends at byte {compiled.RequiredLength}, past the {HeaderLength} bytes identification reads");
                    magic.Add(compiled);
                }
                catch (FormatException e)
                {
                    throw new ConfigException($"{where}.magic: {e.Message} ({m.Origin})", e);
                }
            }
        }
        return new FileType(id, name, category, priority,
            List(obj, "extensions", where), List(obj, "filenames", where), List(obj, "mime-types", where),
            Scalar(obj, "uti", where), magic);
    }

    private static string? Scalar(HoconObject obj, string key, string where) =>
        !obj.TryGetValue(key, out var value) ? null
        : value is HoconScalar { Type: HoconValueType.Null } ? null
        : value is HoconScalar s ? s.Text
        : throw new ConfigException($"{where}.{key} must be a string ({value.Origin})");

    private static int? Int(HoconObject obj, string key, string where) =>
        Scalar(obj, key, where) is not { } text ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= 0 ? n
        : throw new ConfigException($"{where}.{key} must be a non-negative integer, got '{text}'");

    private static string[] List(HoconObject obj, string key, string where)
    {
        if (!obj.TryGetValue(key, out var value) || value is HoconScalar { Type: HoconValueType.Null }) return [];
        if (value is not HoconArray array) throw new ConfigException($"{where}.{key} must be a list ({value.Origin})");
        return [.. array.Select(item => item is HoconScalar s ? s.Text : throw new ConfigException($"{where}.{key}: items must be strings ({item.Origin})"))];
    }

    private readonly record struct Signature(FileType Type, MagicPattern Pattern);
}
