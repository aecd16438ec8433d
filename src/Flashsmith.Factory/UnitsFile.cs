namespace Flashsmith.Provisioning;

/// <summary>The units of a units CSV file, in file order, with the path to name in messages.</summary>
public sealed record UnitsFile(string Path, IReadOnlyList<UnitIdentity> Units);
