namespace Spacedrive.Runtime.Configuration;

public enum HoconValueType
{
    Null,
    Boolean,
    Number,
    String,
    Object,
    Array,

    /// <summary>A substitution or concatenation not resolved yet; never seen through a resolved <see cref="Config"/>.</summary>
    Unresolved,
}
