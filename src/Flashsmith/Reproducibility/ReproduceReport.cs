namespace Flashsmith.Reproducibility;

/// <summary>
/// What reproduce found: every output both sides hold alike, every one that differs with where, the
/// causes (components whose inputs or compiled images differ), and the workspaces when kept.
/// </summary>
public sealed record ReproduceReport(IReadOnlyList<OutputDigest> Identical, IReadOnlyList<OutputDifference> Differences, IReadOnlyList<string> Causes, IReadOnlyList<string> KeptFolders)
{
    public bool Reproducible => Differences.Count == 0 && Identical.Count > 0;
}
