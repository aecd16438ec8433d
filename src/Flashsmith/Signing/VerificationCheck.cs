namespace Flashsmith.Signing;

/// <summary>
/// One thing verify checked; <see cref="Problem"/> is null when it passed. <see cref="ByPartitionSeal"/> marks a partition
/// checked against the partition seal it carries, not against the key seal: a bank an update wrote.
/// </summary>
public sealed record VerificationCheck(string Subject, string? Problem)
{
    public bool Passed => Problem is null;

    public bool ByPartitionSeal { get; init; }
}
