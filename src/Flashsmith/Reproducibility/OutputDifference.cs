namespace Flashsmith.Reproducibility;

/// <summary>
/// One output that differs between two builds (or a build and a release): its name (target/file), the
/// first differing offset (null when one side lacks the file), and what holds the differing bytes.
/// </summary>
public sealed record OutputDifference(string Output, long? FirstOffset, IReadOnlyList<string> Details);
