namespace Flashsmith.Budget;

/// <summary>How one measured thing changed against a baseline; <see cref="PreviousBytes"/> is null for something new.</summary>
public sealed record GrowthLine(string Kind, string Name, long? PreviousBytes, long? CurrentBytes, bool OverLimit)
{
    public long DeltaBytes => (CurrentBytes ?? 0) - (PreviousBytes ?? 0);

    public double? Percent => PreviousBytes is > 0 && CurrentBytes is not null ? DeltaBytes * 100.0 / PreviousBytes.Value : null;
}
