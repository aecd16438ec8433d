namespace Flashsmith.Planning;

/// <summary>The time written into an image, in seconds since 1970, and where it came from.</summary>
public sealed record BuildEpoch(long Seconds, string Source)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Seconds);
}
