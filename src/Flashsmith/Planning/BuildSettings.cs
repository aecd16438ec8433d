namespace Flashsmith.Planning;

/// <summary>What the build environment contributes to a plan: today only SOURCE_DATE_EPOCH.</summary>
public sealed record BuildSettings(long? SourceDateEpoch)
{
    public static readonly BuildSettings None = new((long?)null);
}
