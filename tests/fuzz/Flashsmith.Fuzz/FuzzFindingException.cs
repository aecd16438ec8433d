namespace Flashsmith.Fuzz;

/// <summary>A run that returned instead of throwing but still failed: a command that exited 1, as for a bug.</summary>
public sealed class FuzzFindingException(string message) : Exception(message);
