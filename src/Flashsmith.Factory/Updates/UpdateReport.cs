namespace Flashsmith.Provisioning;

/// <summary>What an update wrote: the bank, the version it now holds, its updated=, and whether the loader was replaced.</summary>
public sealed record UpdateReport(string Target, string Bank, string Version, string? Previous, long Updated, bool LoaderReplaced, long BytesWritten, string Certificate, bool DevelopmentCertificate);
