namespace Flashsmith.Toolchains;

/// <summary>How an external program ended and what it printed.</summary>
public sealed record ToolResult(int ExitCode, string Output, string Error);
