using System.Globalization;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;

namespace Flashsmith.Planning;

/// <summary>What the build environment contributes to a plan: today only SOURCE_DATE_EPOCH.</summary>
public sealed record BuildSettings(long? SourceDateEpoch)
{
    public static readonly BuildSettings None = new((long?)null);

    /// <summary>The settings for a SOURCE_DATE_EPOCH value (unset or empty: none); whole seconds since 1970 that a FAT time stamp can hold.</summary>
    public static BuildSettings FromSourceDateEpoch(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return None;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || !DosTime.Holds(seconds))
        {
            throw new BadInputException(DiagnosticCodes.BadEnvironment, $"SOURCE_DATE_EPOCH is '{text}'; it must be whole seconds since 1970, from 1980 to 2107");
        }

        return new BuildSettings(seconds);
    }
}
