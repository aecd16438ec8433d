namespace Flashsmith.Fuzz.Tests;

/// <summary>
/// Every input the fuzzer ever found a bug with (tests/fuzz/regressions/TARGET/), and every seed, replayed through its
/// target on every run: each must end in success or in one of the target's typed refusals.
/// </summary>
[Collection(FuzzWorkspaceCollection.Name)]
public sealed class ReplayTests(FuzzWorkspaceFixture fixture)
{
    [Theory]
    [MemberData(nameof(FuzzInputs.RegressionInputs), MemberType = typeof(FuzzInputs))]
    public void Regression_input_is_refused_or_read_cleanly(string target, string input) =>
        AssertPasses(target, Path.Combine(FuzzInputs.Regressions, input));

    [Theory]
    [MemberData(nameof(FuzzInputs.Seeds), MemberType = typeof(FuzzInputs))]
    public void Seed_is_refused_or_read_cleanly(string target, string input) =>
        AssertPasses(target, Path.Combine(FuzzInputs.Corpus, input));

    /// <summary>Longer than any input takes (afl's limit is 10 s): a run still going then is a hang.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private void AssertPasses(string target, string file)
    {
        var run = Task.Run(() => FuzzOutcome.Run(FuzzTargets.Find(target)!, fixture.Workspace, File.ReadAllBytes(file)));
        Assert.True(run.Wait(HangLimit), $"{target} on {Path.GetFileName(file)} still runs after {HangLimit.TotalSeconds} s: a hang");
        Assert.True(run.Result is null, $"{target} on {Path.GetFileName(file)}: {run.Result}");
    }
}
