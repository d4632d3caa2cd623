using Spacedrive.Actors.FileTypes;

namespace Spacedrive.Actors.Tests.FileTypes;

public sealed class MagicPatternSpec
{
    [Fact]
    public void Exact_bytes_match_at_their_offset()
    {
        var p = MagicPattern.Parse("50 4B", 2, 100);
        Assert.True(p.Matches([0, 0, 0x50, 0x4B]));
        Assert.False(p.Matches([0x50, 0x4B, 0, 0]));
        Assert.False(p.Matches([0, 0, 0x50])); // too short
        Assert.Equal(2, p.ExactBytes);
        Assert.Equal(4, p.RequiredLength);
    }

    [Fact]
    public void Wildcards_and_ranges()
    {
        var p = MagicPattern.Parse("47 ?? ? [00-1F] 80-FF", 0, 90);
        Assert.True(p.Matches([0x47, 1, 2, 0x1F, 0x80]));
        Assert.True(p.Matches([0x47, 0xFF, 0xFF, 0x00, 0xFF]));
        Assert.False(p.Matches([0x47, 1, 2, 0x20, 0x80]));
        Assert.False(p.Matches([0x47, 1, 2, 0x00, 0x7F]));
        Assert.Equal(1, p.ExactBytes);
        Assert.Equal(0x47, p.FirstExact);
        Assert.Equal("offset=0: 47 ?? ?? 00-1F 80-FF", p.ToString());
        Assert.Equal(-1, MagicPattern.Parse("?? 47", 0, 1).FirstExact);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GG")]
    [InlineData("123")]
    [InlineData("20-10")]
    public void Bad_patterns_are_rejected(string text) =>
        Assert.Throws<FormatException>(() => MagicPattern.Parse(text, 0, 1));
}
