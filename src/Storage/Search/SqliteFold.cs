using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Search;

/// <summary>
/// The case and diacritic folding of the library's name index (FTS5 'trigram remove_diacritics 1'), taken from
/// SQLite itself one code point at a time, so that every search source folds exactly as the index does. .NET cannot
/// do it here: the node runs with invariant globalization, where string.Normalize leaves "é" as it is (and the FTS
/// tokenizer has its own tables anyway). A code point is asked once: it is tokenized in a temporary FTS5 table as
/// X + two U+0001, and the one trigram it yields (read back through fts5vocab) starts with its folded form; no
/// trigram means the tokenizer drops it (combining marks).
/// </summary>
public static class SqliteFold
{
    private const int Dropped = -1;
    private static readonly ConcurrentDictionary<int, int> Folded = new();
    private static readonly Lock Gate = new();
    private static SqliteConnection? _connection;

    /// <summary>The text as the index folds it (code point by code point; dropped ones removed).</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool ascii = true;
        foreach (var c in text)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }
        if (ascii) return AsciiLower(text);
        var missing = new List<int>();
        foreach (var rune in text.EnumerateRunes())
            if (rune.Value > 0x7F && !Folded.ContainsKey(rune.Value)) missing.Add(rune.Value);
        if (missing.Count > 0) Learn(missing);
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value <= 0x7F)
            {
                sb.Append(rune.Value is >= 'A' and <= 'Z' ? (char)(rune.Value + 32) : (char)rune.Value);
                continue;
            }
            var f = Folded[rune.Value];
            if (f != Dropped) sb.Append(char.ConvertFromUtf32(f));
        }
        return sb.ToString();
    }

    private static string AsciiLower(string s)
    {
        foreach (var c in s)
        {
            if (c is >= 'A' and <= 'Z') return s.ToLowerInvariant();
        }
        return s;
    }

    private static void Learn(List<int> codePoints)
    {
        lock (Gate)
        {
            if (_connection is null)
            {
                var connection = new SqliteConnection("Data Source=:memory:");
                connection.Open();
                using var create = connection.CreateCommand();
                create.CommandText = """
                    CREATE VIRTUAL TABLE fold USING fts5 (t, tokenize = 'trigram remove_diacritics 1');
                    CREATE VIRTUAL TABLE fold_terms USING fts5vocab (fold, instance);
                    """;
                create.ExecuteNonQuery();
                _connection = connection;
            }
            var todo = codePoints.Distinct().Where(c => !Folded.ContainsKey(c) && !IsSurrogate(c)).ToList();
            if (todo.Count == 0) return;
            using var tx = _connection.BeginTransaction();
            using (var clear = _connection.CreateCommand())
            {
                clear.Transaction = tx;
                clear.CommandText = "DELETE FROM fold";
                clear.ExecuteNonQuery();
            }
            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO fold (rowid, t) VALUES ($id, $t)";
                var id = insert.Parameters.Add("$id", SqliteType.Integer);
                var t = insert.Parameters.Add("$t", SqliteType.Text);
                foreach (var c in todo)
                {
                    id.Value = c;
                    t.Value = char.ConvertFromUtf32(c) + "\u0001\u0001";
                    insert.ExecuteNonQuery();
                }
            }
            var learned = todo.ToDictionary(c => c, _ => Dropped);
            using (var read = _connection.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT doc, term FROM fold_terms";
                using var r = read.ExecuteReader();
                while (r.Read())
                {
                    var term = r.GetString(1);
                    if (term.EndsWith("\u0001\u0001", StringComparison.Ordinal) && term.Length > 2)
                        learned[(int)r.GetInt64(0)] = char.ConvertToUtf32(term, 0);
                }
            }
            tx.Rollback();
            foreach (var (c, f) in learned) Folded[c] = f;
        }
    }

    private static bool IsSurrogate(int c) => c is >= 0xD800 and <= 0xDFFF;

    internal static string Describe(int codePoint) => Folded.TryGetValue(codePoint, out var f)
        ? f == Dropped ? "dropped" : f.ToString("x", CultureInfo.InvariantCulture)
        : "unknown";
}
