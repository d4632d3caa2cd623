using Spacedrive.Actors.FileTypes;

namespace Spacedrive.Actors.Tests.FileTypes;

public sealed class TextHeuristicSpec
{
    [Fact]
    public void Utf8_text_is_text() => Assert.True(TextHeuristic.IsText("Résumé 2020 — naïve café\n\tindent\r\n"));

    [Fact]
    public void Nul_bytes_or_invalid_utf8_are_not_text()
    {
        Assert.False(TextHeuristic.IsText("abc\0def"u8, isWholeFile: true));
        Assert.False(TextHeuristic.IsText([0x61, 0xC3, 0x28, 0x62], isWholeFile: true));
    }

    [Fact]
    public void A_multibyte_character_cut_by_the_sample_end_is_still_text()
    {
        byte[] cut = [.. "caf"u8, 0xC3]; // "café" cut inside "é"
        Assert.True(TextHeuristic.IsText(cut, isWholeFile: false));
        Assert.False(TextHeuristic.IsText(cut, isWholeFile: true));
    }

    [Fact]
    public void Many_control_characters_are_not_text()
    {
        var bytes = Enumerable.Repeat((byte)'a', 90).Concat(Enumerable.Repeat((byte)0x01, 10)).ToArray();
        Assert.False(TextHeuristic.IsText(bytes, isWholeFile: true));
    }

    [Fact]
    public void Utf16_with_a_bom_is_text() => Assert.True(TextHeuristic.IsText([0xFF, 0xFE, 0x61, 0x00], isWholeFile: true));
}
