namespace Flashsmith.Payloads;

/// <summary>
/// A host file or folder put into an initramfs: <paramref name="From"/> is its full path on the host (followed when it
/// is a symbolic link), <paramref name="To"/> the absolute path it becomes inside the archive, such as /bin/busybox,
/// or for a folder the folder it becomes, such as /lib/modules.
/// </summary>
public sealed record InitramfsAddition(string From, string To);
