namespace Flashsmith.Fuzz;

/// <summary>
/// One reader under fuzzing: its name (the folder of its seeds, dictionary and regressions), the largest input it
/// reads (longer inputs are cut), what it runs on one input, and which exceptions are its typed refusals.
/// </summary>
public sealed record FuzzTarget(string Name, string Reads, int MaxBytes, Action<FuzzWorkspace, byte[]> Run, Func<Exception, bool> Refuses)
{
    /// <summary>The folder of tests/fuzz/corpus/ that holds this target's seeds: its name, unless it shares another's.</summary>
    public string Corpus { get; init; } = Name;

    /// <summary>
    /// How long CI fuzzes this target (<c>tools/fuzz --ci</c>): a few seconds, longer for the FAT reader, whose
    /// planted-bug check (tests/fuzz/README.md) took 5 to 17 seconds (five runs) to find a zero in one boot sector byte.
    /// </summary>
    public int CiSeconds { get; init; } = 3;

    /// <summary>The name of the dictionary in tests/fuzz/dictionaries/ that fits this target's format, or null.</summary>
    public string? Dictionary { get; init; }
}
