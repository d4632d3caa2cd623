using System.Text;

namespace Spacedrive.Actors.Tests.FileTypes;

/// <summary>Real file beginnings (as the formats define them, and as the benchmark corpus writes them).</summary>
internal static class Headers
{
    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    public static byte[] Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. Ascii("IHDR")];
    public static byte[] Jpeg => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. Ascii("JFIF"), 0, 1, 1];
    public static byte[] Gif => Ascii("GIF89a");
    public static byte[] Pdf => [.. Ascii("%PDF-1.7\n%"), 0xE2, 0xE3, 0xCF, 0xD3, 0x0A];
    public static byte[] Zip => [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0];
    public static byte[] Gzip => [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03];
    public static byte[] Mp4 => [0, 0, 0, 0x20, .. Ascii("ftypisom"), 0, 0, 2, 0, .. Ascii("isomiso2avc1mp41")];
    public static byte[] Mov => [0, 0, 0, 0x14, .. Ascii("ftypqt  "), 0, 0, 0, 0, .. Ascii("qt  ")];
    public static byte[] Heic => [0, 0, 0, 0x18, .. Ascii("ftypheic"), 0, 0, 0, 0, .. Ascii("mif1heic")];
    public static byte[] M4a => [0, 0, 0, 0x1C, .. Ascii("ftypM4A "), 0, 0, 0, 0, .. Ascii("M4A mp42isom")];
    public static byte[] Mkv => [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01];
    public static byte[] Sqlite => [.. Ascii("SQLite format 3"), 0];
    public static byte[] Elf => [0x7F, .. Ascii("ELF"), 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    public static byte[] Webp => [.. Ascii("RIFF"), 0, 0, 0, 0, .. Ascii("WEBPVP8 ")];
    public static byte[] Flac => [.. Ascii("fLaC"), 0, 0, 0, 0x22];
    public static byte[] Ogg => [.. Ascii("OggS"), 0, 2, 0, 0, 0, 0, 0, 0, 0, 0];
    public static byte[] Mp3Id3 => [.. Ascii("ID3"), 3, 0, 0, 0, 0, 0, 0];
    public static byte[] SevenZip => [.. Ascii("7z"), 0xBC, 0xAF, 0x27, 0x1C, 0, 4];
    public static byte[] Wasm => [0, .. Ascii("asm"), 1, 0, 0, 0];
    public static byte[] TiffLe => [.. Ascii("II*"), 0, 8, 0, 0, 0];
    public static byte[] TiffBe => [.. Ascii("MM"), 0, 0x2A, 0, 0, 0, 8];
    public static byte[] Cr2 => [.. Ascii("II*"), 0, 0x10, 0, 0, 0, .. Ascii("CR"), 2, 0];
    public static byte[] Mz => [.. Ascii("MZ"), 0x90, 0, 3, 0, 0, 0, 4, 0];
    public static byte[] Deb => Ascii("!<arch>\ndebian-binary   ");
    public static byte[] Epub => [0x50, 0x4B, 0x03, 0x04, .. new byte[26], .. Ascii("mimetypeapplication/epub+zip")];

    /// <summary>A header followed by seeded random bytes, like the corpus.</summary>
    public static byte[] WithPayload(byte[] header, int payload = 2000, int seed = 1)
    {
        var bytes = new byte[header.Length + payload];
        header.CopyTo(bytes, 0);
        new Random(seed).NextBytes(bytes.AsSpan(header.Length));
        return bytes;
    }

    /// <summary>A tar archive: "ustar" at offset 257.</summary>
    public static byte[] Tar()
    {
        var bytes = new byte[1024];
        Ascii("file.txt").CopyTo(bytes, 0);
        Ascii("ustar\u000000").CopyTo(bytes, 257);
        return bytes;
    }
}
