using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Provisioning;

/// <summary>
/// What a key is written to: a whole disk (with what sysfs says of it), or an existing regular file
/// standing in for a key (tests, key images). Anything else is refused when it is resolved.
/// </summary>
public sealed record ProvisionTarget
{
    /// <summary>The path as the user gave it.</summary>
    public required string Path { get; init; }

    /// <summary>The path with every symbolic link resolved: <c>/dev/disk/by-id/usb-…</c> is <c>/dev/sdb</c>.</summary>
    public required string ResolvedPath { get; init; }

    public required ProvisionTargetKind Kind { get; init; }

    /// <summary>The disk, for a block device.</summary>
    public BlockDevice? Device { get; init; }

    public required ByteSize Size { get; init; }

    /// <summary>A read-only disk, or a file on a file system mounted read-only.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>The file's identity, for a regular file.</summary>
    public FileIdentity? Identity { get; init; }

    /// <summary>"/dev/disk/by-id/usb-X (/dev/sdb)" when a link was followed, else the path.</summary>
    public string Display => Path == ResolvedPath ? Path : $"{Path} ({ResolvedPath})";

    /// <summary>A disk as listed by <see cref="BlockDevices"/>.</summary>
    public static ProvisionTarget ForDevice(BlockDevice device) => new()
    {
        Path = device.Path,
        ResolvedPath = device.Path,
        Kind = ProvisionTargetKind.BlockDevice,
        Device = device,
        Size = device.Size,
        ReadOnly = device.ReadOnly,
    };

    /// <summary>
    /// Resolves <paramref name="path"/>: a whole disk or an existing regular file. A missing path is bad
    /// input; a partition, a directory, a character device or anything else is refused, saying why.
    /// </summary>
    public static ProvisionTarget Resolve(string path, BlockDevices devices)
    {
        var resolved = PathResolver.Canonical(path);
        var status = PathStatus.Of(resolved)
            ?? throw new BadInputException(DiagnosticCodes.InputMissing, $"{path} does not exist; run 'flashsmith devices' to list the disks a key can be written to");
        switch (status.Kind)
        {
            case PathKind.RegularFile:
                return new ProvisionTarget
                {
                    Path = path,
                    ResolvedPath = resolved,
                    Kind = ProvisionTargetKind.File,
                    Size = new ByteSize(status.Size),
                    ReadOnly = devices.ReadMounts().Containing(resolved)?.IsReadOnly ?? false,
                    Identity = status.Identity,
                };
            case PathKind.BlockDevice:
                return ForBlockDevice(path, resolved, status.NamedDevice, devices);
            case PathKind.Directory:
                throw Refused(path, resolved, "is a directory; name a whole disk such as /dev/sdb, or an existing file that stands in for a key");
            case PathKind.CharacterDevice:
                throw Refused(path, resolved, "is a character device, not a disk; name a whole disk such as /dev/sdb");
            default:
                throw Refused(path, resolved, "is neither a disk nor a regular file; name a whole disk such as /dev/sdb");
        }
    }

    private static ProvisionTarget ForBlockDevice(string path, string resolved, DeviceNumber number, BlockDevices devices)
    {
        var folder = devices.Sysfs.FolderOf(number)
            ?? throw Refused(path, resolved, $"is a block device ({number}) that the kernel does not list in sysfs; name a whole disk such as /dev/sdb");
        if (devices.Sysfs.IsPartition(folder))
        {
            var disk = devices.Roots.DevicePath(System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(folder))!);
            var index = devices.Sysfs.Read(folder, "partition") ?? "?";
            throw Refused(path, resolved, $"is partition {index} of {disk}, not a whole disk; a key is written whole: name {disk}");
        }

        var device = devices.Describe(folder, devices.ReadUses())
            ?? throw Refused(path, resolved, $"({number}) disappeared while it was being examined; is it still plugged in?");
        return new ProvisionTarget
        {
            Path = path,
            ResolvedPath = resolved,
            Kind = ProvisionTargetKind.BlockDevice,
            Device = device,
            Size = device.Size,
            ReadOnly = device.ReadOnly,
        };
    }

    private static DeviceFailedException Refused(string path, string resolved, string why) =>
        new(DiagnosticCodes.DeviceRefused, $"{(path == resolved ? path : $"{path} ({resolved})")} {why}");
}
