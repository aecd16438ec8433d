namespace Flashsmith.Payloads;

/// <summary>
/// One member an initramfs will hold, decided before anything is written: its archive path (no leading '/'), type,
/// permissions, where its data or link target comes from, and <see cref="Origin"/>, which says in messages where it came from.
/// </summary>
internal sealed record InitramfsItem(string Path, CpioFileType Type, UnixFileMode Permissions, string? HostFile, string? LinkTarget, string Origin);
