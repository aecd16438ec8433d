namespace Flashsmith.Disk.Partitions;

/// <summary>One broken layout rule: which, the index of the partition it concerns in the list given, and the message.</summary>
public sealed record LayoutProblem(LayoutRule Rule, int Index, string Message);
