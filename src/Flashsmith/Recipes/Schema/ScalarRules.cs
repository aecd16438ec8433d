using System.Globalization;
using Flashsmith.Boot;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk;

namespace Flashsmith.Recipes.Schema;

/// <summary>The text rules for scalar values: each parses a value into its type once, or says why it cannot.</summary>
public static class ScalarRules
{
    private const string LabelPunctuation = "!#$%&'()-@^_`{}~ ";

    /// <summary>
    /// The one parse of a scalar: its typed value (a <see cref="ByteSize"/>, a <see cref="ComponentVersion"/>,
    /// a <c>ByteSize?</c> that is null for 'rest', …), or the message saying why it is not one.
    /// </summary>
    public static (object? Value, string? Problem) Parse(KeySpec spec, ValueKind kind, string path, string value) => kind switch
    {
        ValueKind.Text or ValueKind.KeyReference => (value, null),
        ValueKind.Path => value.Trim().Length == 0 ? Refuse($"'{path}' is an empty path") : (value, null),
        ValueKind.Name => RecipeNames.IsValid(value) ? (value, null) : Refuse($"'{path}' is not a valid name: '{value}'; use {RecipeNames.Rule}"),
        ValueKind.Integer => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? (number, null) : Refuse($"'{path}' is not a whole number: '{value}'"),
        ValueKind.Size => ByteSize.TryParse(value, out var size) ? (size, null) : Refuse($"'{path}' is not a size: '{value}'; write a number with an optional unit (KiB, MiB, GiB, kB, MB, GB), such as 32MiB"),
        ValueKind.SizeOrRest => PartitionSpec.TryParseSize(value, out var sizeOrRest) ? (sizeOrRest, null) : Refuse($"'{path}' is not a size: '{value}'; write a number with an optional unit (KiB, MiB, GiB, kB, MB, GB), such as 12MiB, or '{PartitionSpec.Rest}'"),
        ValueKind.Version => ComponentVersion.TryParse(value, out var version) ? (version, null) : Refuse($"'{path}' is not a version: '{value}'; write up to four numbers separated by dots, such as 1.2.3, with an optional suffix such as -rc1"),
        ValueKind.Percent => TryParsePercent(value, out var percent) ? (percent, null) : Refuse($"'{path}' is not a percentage from 1% to 100%: '{value}'"),
        ValueKind.Choice => spec.Choices.TryGet(value, out var chosen) ? (chosen, null) : Refuse(ChoiceMessage(spec, path, value)),
        ValueKind.Sha256 => IsSha256(value) ? (value.ToLowerInvariant(), null) : Refuse($"'{path}' is not a SHA-256: '{value}'; write 64 hexadecimal digits"),
        ValueKind.PciId => PciId.TryParse(value, out var pci) ? (pci, null) : Refuse($"'{path}' holds '{value}', which is not a PCI ID; write vendor:device in hexadecimal, such as 8086:100e"),
        ValueKind.Define => Toolchains.CompileDefine.TryParse(value, out var define) ? (define, null) : Refuse($"'{path}' holds '{value}', which is not a define; write {Toolchains.CompileDefine.Rule}"),
        ValueKind.Requirement => PackageRequirement.TryParse(value, out var requirement) ? (requirement, null) : Refuse($"'{path}' holds '{value}', which is not a driver name with an optional constraint such as 'ipmi-kcs >= 1.2'"),
        ValueKind.Timestamp => TryParseTimestamp(value, out var seconds) ? (seconds, null) : Refuse($"'{path}' is not a time: '{value}'; write seconds since 1970 or an ISO 8601 UTC time such as 2026-01-01T00:00:00Z, from 1980 to 2107"),
        ValueKind.Label => IsLabel(value) ? (value.ToUpperInvariant(), null) : Refuse($"'{path}' is not a FAT volume label: '{value}'; use at most 11 letters, digits, spaces and {LabelPunctuation.Trim()}"),
        ValueKind.PartitionType => PartitionType.TryParse(value, out var type) ? (type, null) : Refuse($"'{path}' is not a partition type: '{value}'; write efi-system, basic-data, a GPT type GUID, or an MBR type byte such as 0x0c"),
        ValueKind.PartitionPath => PartitionPaths.TryNormalize(value, out var normal, out var pathProblem) ? (normal, null) : Refuse($"'{path}' is not a path in a partition: '{value}'; {pathProblem}"),
        ValueKind.Pattern => TryParsePattern(value, out var pattern, out var patternProblem) ? (pattern, null) : Refuse($"'{path}' is not a regular expression: '{value}': {patternProblem}"),
        ValueKind.CommandLine => IsCommandLine(value, out var lineProblem) ? (value, null) : Refuse($"'{path}' is not a command line the loader can pass: {lineProblem}"),
        _ => throw new InvalidOperationException($"{kind} is not a scalar kind"),
    };

    /// <summary>The value of a schema default, parsed by the same rule as a value written in a recipe.</summary>
    public static T ParseDefault<T>(KeySpec spec, ValueKind kind, string text) =>
        Parse(spec, kind, spec.Name, text) is (var value, null)
            ? (T)value!
            : throw new InvalidOperationException($"the schema default '{text}' of '{spec.Name}' does not parse");

    private static (object? Value, string? Problem) Refuse(string problem) => (null, problem);

    /// <summary>The longest core command line: the loader reads it from boot.cfg, which holds at most 4 KiB.</summary>
    public const int MaxCommandLine = 1024;

    private static bool IsCommandLine(string value, out string? problem)
    {
        var at = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        problem = value.Length > MaxCommandLine ? $"it has {value.Length} characters, more than {MaxCommandLine}"
            : at >= 0 ? $"character {at + 1} is U+{(int)value[at]:X4}; use printable ASCII on one line"
            : null;
        return problem is null;
    }

    private static bool TryParsePattern(string value, out System.Text.RegularExpressions.Regex? pattern, out string? problem)
    {
        pattern = null;
        problem = null;
        if (value.Length == 0)
        {
            problem = "it is empty, and would match every line";
            return false;
        }

        try
        {
            pattern = BootPatterns.Compile(value);
            return true;
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    public static bool TryParsePercent(string value, out int percent)
    {
        var digits = value.EndsWith('%') ? value[..^1].TrimEnd() : value;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out percent) && percent is >= 1 and <= 100;
    }

    /// <summary>Seconds since 1970, within what a FAT time stamp can hold (1980 to 2107).</summary>
    public static bool TryParseTimestamp(string value, out long seconds)
    {
        seconds = 0;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            seconds = number;
        }
        else if (DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            seconds = time.ToUnixTimeSeconds();
        }
        else
        {
            return false;
        }

        return DosTime.Holds(seconds);
    }

    public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    public static bool IsLabel(string value) =>
        value.Length is > 0 and <= 11 && value.All(c => char.IsAsciiLetterOrDigit(c) || LabelPunctuation.Contains(c));

    private static string ChoiceMessage(KeySpec spec, string path, string value)
    {
        var suggestion = Suggestions.Closest(value, spec.Choices.Words);
        var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
        return $"'{path}' must be one of {string.Join(", ", spec.Choices.Words)}, not '{value}'{hint}";
    }
}
