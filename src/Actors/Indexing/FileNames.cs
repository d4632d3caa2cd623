using System.Text;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// File names on Linux are bytes, not text. The library stores names as TEXT, so a name that is not
/// valid UTF-8 is escaped, reversibly: every byte that is not part of a well-formed UTF-8 sequence
/// becomes the private-use character U+F700 + byte (U+F780..U+F7FF for 0x80..0xFF). So that the
/// mapping is a bijection, a name that really contains a character of U+F700..U+F7FF (three bytes
/// EF 9C..9F xx) has those bytes escaped too. <see cref="ToBytes"/> reverses it exactly, and every
/// open of an indexed path goes through it, so escaped names can be opened again. Valid UTF-8 names
/// without such characters (all but pathological ones) are stored unchanged.
/// </summary>
public static class FileNames
{
    private const char EscapeBase = '\uF700';
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsEscape(char c) => c >= EscapeBase && c <= '\uF7FF';

    /// <summary>Decodes raw name bytes to the stored form.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes) && !ContainsEscapeRange(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }
        var builder = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && !(rune.Value >= EscapeBase && rune.Value <= 0xF7FF))
            {
                builder.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                builder.Append((char)(EscapeBase + bytes[i]));
                i++;
            }
        }
        return builder.ToString();
    }

    /// <summary>The raw bytes of a stored name or path (the inverse of <see cref="FromBytes"/>).</summary>
    public static byte[] ToBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsUnescape(text))
        {
            return Strict.GetBytes(text);
        }
        var result = new List<byte>(text.Length + 8);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsEscape(c))
            {
                result.Add((byte)(c - EscapeBase));
                continue;
            }
            int length;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                length = new Rune(c, text[++i]).EncodeToUtf8(scratch);
            }
            else
            {
                length = new Rune(c).EncodeToUtf8(scratch);
            }
            for (var k = 0; k < length; k++)
            {
                result.Add(scratch[k]);
            }
        }
        return [.. result];
    }

    /// <summary>Bytes of a path with a terminating NUL, for system calls.</summary>
    public static byte[] ToCString(string text)
    {
        var bytes = ToBytes(text);
        var result = new byte[bytes.Length + 1];
        bytes.CopyTo(result, 0);
        return result;
    }

    public static bool NeedsUnescape(string text)
    {
        foreach (var c in text)
        {
            if (IsEscape(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ContainsEscapeRange(ReadOnlySpan<byte> bytes)
    {
        // U+F700..U+F7FF encode as EF 9C 80 .. EF 9F BF.
        var at = bytes.IndexOf((byte)0xEF);
        while (at >= 0 && at + 1 < bytes.Length)
        {
            if (bytes[at + 1] is >= 0x9C and <= 0x9F)
            {
                return true;
            }
            var next = bytes[(at + 1)..].IndexOf((byte)0xEF);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }
}
