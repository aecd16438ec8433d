namespace Flashsmith.Packages;

/// <summary>A package the resolver chose, and why it is in the image.</summary>
public sealed record ResolvedPackage(DriverPackage Package, string Reason);
