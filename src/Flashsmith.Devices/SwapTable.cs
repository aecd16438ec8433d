namespace Flashsmith.Devices;

/// <summary>The active swap areas, parsed from <c>/proc/swaps</c>.</summary>
public sealed class SwapTable(IReadOnlyList<SwapArea> areas)
{
    public IReadOnlyList<SwapArea> Areas { get; } = areas;

    public static SwapTable Empty { get; } = new([]);

    /// <summary>Reads /proc/swaps; a kernel without swap support has none, which means no swap.</summary>
    public static SwapTable Read(SystemRoots roots)
    {
        var path = Path.Combine(roots.Proc, "swaps");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Empty;
    }

    public static SwapTable Parse(string text)
    {
        var areas = new List<SwapArea>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            // Filename Type Size Used Priority; the file name escapes blanks like mountinfo does.
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                areas.Add(new SwapArea(MountTable.Unescape(fields[0]), fields[1]));
            }
        }

        return new SwapTable(areas);
    }
}
