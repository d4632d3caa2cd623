namespace Spacedrive.Runtime.Configuration;

internal readonly record struct HoconToken(HoconTokenType Type, string Text, int Line, int Column)
{
    public override string ToString() => Type switch
    {
        HoconTokenType.Unquoted => $"'{Text}'",
        HoconTokenType.Quoted => $"\"{Text}\"",
        HoconTokenType.Substitution => $"${{{Text}}}",
        HoconTokenType.OptionalSubstitution => $"${{?{Text}}}",
        HoconTokenType.OpenBrace => "'{'",
        HoconTokenType.CloseBrace => "'}'",
        HoconTokenType.OpenBracket => "'['",
        HoconTokenType.CloseBracket => "']'",
        HoconTokenType.Comma => "','",
        HoconTokenType.Equals => "'='",
        HoconTokenType.Colon => "':'",
        HoconTokenType.PlusEquals => "'+='",
        HoconTokenType.Newline => "end of line",
        HoconTokenType.Whitespace => "whitespace",
        _ => "end of input",
    };
}
