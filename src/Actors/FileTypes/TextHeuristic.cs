using System.Text;
using System.Text.Unicode;

namespace Spacedrive.Actors.FileTypes;

/// <summary>
/// Is a file's beginning text? UTF-8 (or UTF-16 with a byte-order mark), no NUL bytes, and at most 5%
/// control characters other than tab, line feed, carriage return, form feed, backspace and escape.
/// A multi-byte sequence cut by the end of a partial header is accepted.
/// </summary>
public static class TextHeuristic
{
    /// <summary>Bytes looked at, as in the reference's content analysis.</summary>
    public const int SampleLength = 4096;

    public static bool IsText(ReadOnlySpan<byte> header, bool isWholeFile)
    {
        if (header.IsEmpty) return true;
        if (header.Length > SampleLength)
        {
            header = header[..SampleLength];
            isWholeFile = false;
        }
        if (header.Length >= 2 && ((header[0] == 0xFF && header[1] == 0xFE) || (header[0] == 0xFE && header[1] == 0xFF)))
            return header.Length % 2 == 0 || !isWholeFile;
        if (header.IndexOf((byte)0) >= 0) return false;

        if (!Utf8.IsValid(header))
        {
            if (isWholeFile) return false;
            // Accept an incomplete final sequence (at most 3 bytes) cut by the sample's end.
            int cut = 1;
            while (cut <= 3 && !Utf8.IsValid(header[..^cut])) cut++;
            if (cut > 3) return false;
        }

        int control = 0;
        foreach (byte b in header)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C and not 0x08 and not 0x1B) control++;
            else if (b == 0x7F) control++;
        }
        return control * 20 <= header.Length;
    }

    /// <summary>Convenience for tests and tools.</summary>
    public static bool IsText(string text) => IsText(Encoding.UTF8.GetBytes(text), isWholeFile: true);
}
