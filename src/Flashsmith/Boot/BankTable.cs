namespace Flashsmith.Boot;

/// <summary>The boot banks of a disk, in partition order, and the one the loader boots next (null: none, it halts).</summary>
public sealed record BankTable(IReadOnlyList<BankInfo> Banks, BankInfo? Next)
{
    /// <summary>The newest bank, by <c>updated=</c>, whatever its state; what an update counts up from.</summary>
    public long NewestUpdated => Banks.Where(b => b.Config is not null).Select(b => b.Config!.Updated).DefaultIfEmpty(0).Max();
}
