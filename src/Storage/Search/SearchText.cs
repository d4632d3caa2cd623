using System.Text;

namespace Spacedrive.Storage.Search;

/// <summary>
/// How a query text matches a name, shared by every search source so they agree:
/// - matching is a substring test on folded text (lowercase, accents removed), as the FTS5 trigram index
///   with remove_diacritics does;
/// - relevance: exact name (or exact name without its extension) 0, name prefix 1, word prefix 2 (after a space,
///   '_', '-', '.', '(' or '['), substring 3; then shorter names first; then by path.
/// </summary>
public static class SearchText
{
    /// <summary>Below this many characters (Unicode scalar values) a query cannot use the trigram index.</summary>
    public const int TrigramMinimum = 3;

    public const string WordSeparators = " _-.([";

    /// <summary>The query as matched: trimmed; null when it matches every name.</summary>
    public static string? Normalize(string? text)
    {
        if (text is null) return null;
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? null : trimmed;
    }

    public static int Length(string text) => text.EnumerateRunes().Count();

    /// <summary>
    /// Folded as the name index folds (lowercase, diacritics and combining marks removed: "Café" -> "cafe"), taken
    /// from SQLite's own tokenizer (<see cref="SqliteFold"/>) so that every source agrees with the FTS5 index.
    /// </summary>
    public static string Fold(string text) => SqliteFold.Fold(text);

    public static bool Matches(string name, string foldedQuery)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(foldedQuery);
        // An ASCII name folds to its ASCII lowercase: compare in place instead of folding a copy (the SQL re-check
        // runs this on every FTS candidate). A folded query is lowercase, so a non-ASCII one cannot be in it.
        if (Ascii.IsValid(name))
            return Ascii.IsValid(foldedQuery) && name.Contains(foldedQuery, StringComparison.OrdinalIgnoreCase);
        return Fold(name).Contains(foldedQuery, StringComparison.Ordinal);
    }

    /// <summary>The relevance tier of a name for a folded query (lower is better).</summary>
    public static int Rank(string name, string? extension, string foldedQuery)
    {
        var n = Fold(name);
        if (n == foldedQuery || (extension is not null && n == foldedQuery + "." + extension)) return 0;
        int at = n.IndexOf(foldedQuery, StringComparison.Ordinal);
        if (at == 0) return 1;
        while (at > 0)
        {
            if (WordSeparators.Contains(n[at - 1], StringComparison.Ordinal)) return 2;
            at = n.IndexOf(foldedQuery, at + 1, StringComparison.Ordinal);
        }
        return 3;
    }

    /// <summary>
    /// A text as one quoted FTS5 string, so no character is FTS syntax. On the name index (detail=none since M005) a
    /// string of more than one trigram is a phrase, which is an error there: search passes <see cref="FtsTrigrams"/>.
    /// </summary>
    public static string FtsPhrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>At most this many trigrams go into an FTS query; the rest add little to the cut and cost doclist merges.</summary>
    public const int MaxFtsTrigrams = 16;

    /// <summary>
    /// The FTS5 query for a folded text on the name index (detail=none: no phrases): its distinct trigrams (code
    /// points, not UTF-16 chars), each a quoted string so no character is FTS syntax, joined by AND. It finds every
    /// name containing the text and some that only contain its trigrams apart ("abcab" and "cabcXabca"): the caller
    /// re-checks with <see cref="Matches"/>. A long text keeps <see cref="MaxFtsTrigrams"/> trigrams spread over it
    /// (still a superset). Null when the folded text has fewer than 3 code points (no trigram: the index answers nothing).
    /// </summary>
    public static string? FtsTrigrams(string foldedText)
    {
        ArgumentNullException.ThrowIfNull(foldedText);
        var runes = foldedText.EnumerateRunes().Select(r => r.ToString()).ToList();
        var trigrams = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + TrigramMinimum <= runes.Count; i++)
        {
            var trigram = runes[i] + runes[i + 1] + runes[i + 2];
            if (seen.Add(trigram)) trigrams.Add(trigram);
        }
        if (trigrams.Count == 0) return null;
        if (trigrams.Count > MaxFtsTrigrams)
            trigrams = [.. Enumerable.Range(0, MaxFtsTrigrams).Select(k => trigrams[(int)((long)k * (trigrams.Count - 1) / (MaxFtsTrigrams - 1))])];
        return string.Join(" AND ", trigrams.Select(FtsPhrase));
    }
}
