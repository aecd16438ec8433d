namespace Flashsmith.Planning;

/// <summary>A file or folder (a full path) added to an initramfs at <see cref="To"/>; a file may be pinned by its SHA-256.</summary>
public sealed record PlannedInitramfsAddition(string From, string To, string? Sha256);
