namespace Flashsmith.Pipeline;

/// <summary>A stage starting for a target ("*" for the shared compile stage), for progress display.</summary>
public sealed record BuildProgress(string Target, BuildStage Stage, string Detail);
