namespace Flashsmith.Signing;

/// <summary>One thing verify checked; <see cref="Problem"/> is null when it passed.</summary>
public sealed record VerificationCheck(string Subject, string? Problem)
{
    public bool Passed => Problem is null;
}
