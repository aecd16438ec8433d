namespace Flashsmith.Planning;

/// <summary>An initramfs to pack: a folder (a full path) and the files and folders added to it from elsewhere.</summary>
public sealed record PlannedInitramfs(string Folder, IReadOnlyList<PlannedInitramfsAddition> Additions);
