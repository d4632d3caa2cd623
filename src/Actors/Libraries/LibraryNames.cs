using System.Text;

namespace Spacedrive.Actors.Libraries;

/// <summary>
/// Library names as users type them, and the folder names made from them. A name is trimmed, its
/// runs of white space collapsed and control characters refused; the folder name also replaces the
/// characters file systems reject, so any name the user likes still gives a valid folder.
/// </summary>
public static class LibraryNames
{
    public const int MaxLength = 100;
    public const string FolderSuffix = ".sdlibrary";

    /// <returns>The cleaned name, or null with a reason why it cannot be used.</returns>
    public static string? Sanitize(string? raw, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = "A library name cannot be empty.";
            return null;
        }
        var sb = new StringBuilder(raw.Length);
        foreach (var c in raw.Trim().Normalize(NormalizationForm.FormC))
        {
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
                continue;
            }
            if (char.IsControl(c))
            {
                problem = "A library name cannot contain control characters.";
                return null;
            }
            sb.Append(c);
        }
        var name = sb.ToString();
        if (name is "." or "..")
        {
            problem = $"'{name}' cannot be a library name.";
            return null;
        }
        if (name.Length > MaxLength)
        {
            problem = $"A library name can have at most {MaxLength} characters.";
            return null;
        }
        return name;
    }

    public static string FolderName(string name)
    {
        var sb = new StringBuilder(name.Length + FolderSuffix.Length);
        foreach (var c in name)
            sb.Append(c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c);
        var folder = sb.ToString().TrimStart('.').TrimEnd('.', ' ');
        return (folder.Length == 0 ? "library" : folder) + FolderSuffix;
    }
}
