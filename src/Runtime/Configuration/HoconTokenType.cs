namespace Spacedrive.Runtime.Configuration;

internal enum HoconTokenType
{
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Equals,
    Colon,
    PlusEquals,
    Newline,

    /// <summary>Spaces and tabs: they matter inside a value concatenation (<c>a = foo bar</c>).</summary>
    Whitespace,
    Unquoted,

    /// <summary>A "quoted" or """triple-quoted""" string; Text holds the decoded value.</summary>
    Quoted,

    /// <summary><c>${path}</c>; Text holds the path expression.</summary>
    Substitution,

    /// <summary><c>${?path}</c>; Text holds the path expression.</summary>
    OptionalSubstitution,
    End,
}
