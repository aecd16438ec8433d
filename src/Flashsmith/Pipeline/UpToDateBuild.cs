namespace Flashsmith.Pipeline;

/// <summary>A build with nothing to do: every target, in the order asked, found up to date by its stamp.</summary>
public sealed record UpToDateBuild(IReadOnlyList<UpToDateTarget> Targets);
