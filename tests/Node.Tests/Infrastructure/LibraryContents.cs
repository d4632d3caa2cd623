using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Spacedrive.Node.Tests.Infrastructure;

/// <summary>
/// A data directory's library as sorted text, so two libraries (an interrupted run and a clean one, a watched tree and
/// a fresh index) can be compared for equality: every entry by its path from the location root with the chosen
/// columns, then the answer of each scalar query.
/// </summary>
internal static class LibraryContents
{
    /// <param name="entryColumns">Columns of <c>entries AS e LEFT JOIN content_identities AS ci</c> shown per entry.</param>
    public static List<string> Read(SdRunner sd, string entryColumns, IEnumerable<string> scalarQueries)
    {
        var db = Directory.GetFiles(Path.Combine(sd.ResolvedDataDir, "libraries"), "library.db", SearchOption.AllDirectories).Single();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT e.id, e.parent_id, e.name, {entryColumns}
            FROM entries AS e LEFT JOIN content_identities AS ci ON ci.id = e.content_id
            """;
        var rows = new Dictionary<long, (long? Parent, string Name, string Data)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2),
                    string.Join(' ', Enumerable.Range(3, reader.FieldCount - 3).Select(i => reader.IsDBNull(i) ? "-" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }
        string PathOf(long id) => rows[id].Parent is { } p && rows.ContainsKey(p) ? PathOf(p) + "/" + rows[id].Name : rows[id].Name;
        var result = rows.Keys.Select(id => PathOf(id) + " " + rows[id].Data).Order(StringComparer.Ordinal).ToList();
        foreach (var sql in scalarQueries)
        {
            using var scalar = connection.CreateCommand();
            scalar.CommandText = sql;
            result.Add(sql + ": " + scalar.ExecuteScalar());
        }
        return result;
    }
}
