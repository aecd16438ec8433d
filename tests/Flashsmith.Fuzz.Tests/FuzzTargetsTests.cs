namespace Flashsmith.Fuzz.Tests;

/// <summary>What tools/fuzz needs of each target: seeds to start from, its dictionary, and regressions only under target names.</summary>
public sealed class FuzzTargetsTests
{
    [Fact]
    public void Every_target_has_seeds()
    {
        var bare = FuzzTargets.All.Where(t => !Directory.Exists(Path.Combine(FuzzInputs.Corpus, t.Corpus)) || !Directory.EnumerateFiles(Path.Combine(FuzzInputs.Corpus, t.Corpus)).Any());
        Assert.Empty(bare.Select(t => t.Name));
    }

    [Fact]
    public void Every_dictionary_named_exists()
    {
        var missing = FuzzTargets.All.Where(t => t.Dictionary is { } d && !File.Exists(Path.Combine(FuzzInputs.Folder, "dictionaries", d + ".dict")));
        Assert.Empty(missing.Select(t => t.Name));
    }

    [Fact]
    public void Regression_folders_are_named_after_targets()
    {
        var folders = Directory.Exists(FuzzInputs.Regressions) ? Directory.EnumerateDirectories(FuzzInputs.Regressions).Select(Path.GetFileName) : [];
        var strays = folders.Where(f => FuzzTargets.Find(f!) is null).ToList();
        Assert.True(strays.Count == 0, $"not targets: {string.Join(", ", strays)}");
    }

    [Fact]
    public void Corpus_folders_are_read_by_a_target()
    {
        var folders = Directory.EnumerateDirectories(FuzzInputs.Corpus).Select(Path.GetFileName);
        var strays = folders.Where(f => FuzzTargets.All.All(t => t.Corpus != f)).ToList();
        Assert.True(strays.Count == 0, $"read by no target: {string.Join(", ", strays)}");
    }

    [Fact]
    public void Target_names_are_unique()
    {
        Assert.Equal(FuzzTargets.All.Count, FuzzTargets.All.Select(t => t.Name).Distinct().Count());
    }

    [Fact]
    public void A_finding_is_an_exception_the_target_does_not_refuse()
    {
        var target = new FuzzTarget("probe", "a probe", 16, (_, input) => throw (input[0] == 1 ? new InvalidDataException("refused") : new IndexOutOfRangeException()), ex => ex is InvalidDataException);
        Assert.Null(FuzzOutcome.Run(target, null!, [1]));
        Assert.IsType<IndexOutOfRangeException>(FuzzOutcome.Run(target, null!, [2]));
    }

    [Fact]
    public void An_input_is_cut_to_the_target_s_limit()
    {
        byte[]? seen = null;
        var target = new FuzzTarget("probe", "a probe", 4, (_, input) => seen = input, _ => false);
        FuzzOutcome.Run(target, null!, [1, 2, 3, 4, 5, 6]);
        Assert.Equal([1, 2, 3, 4], seen);
    }
}
