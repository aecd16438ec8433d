namespace Flashsmith.Budget;

/// <summary>
/// What one partition holds, in allocated bytes: file-system overhead, each group's components
/// ("core", the drivers' groups), "other" files and directories, and what is free.
/// </summary>
public sealed record PartitionUsage(string Name, long SizeBytes, long OverheadBytes, IReadOnlyDictionary<string, long> Groups, long OtherBytes, long FreeBytes);
