using System.Globalization;
using Flashsmith.Devices;
using Flashsmith.Disk;

namespace Flashsmith.Provisioning;

/// <summary>
/// The rules of DESIGN.md §7, in one place: a key is written only to a disk that is not a system
/// disk, does not hold the image, holds nothing mounted or in use, is writable, large enough and
/// removable (a fixed disk only when the operator names that exact device). Every rule is checked,
/// so that one run names every reason.
/// </summary>
public static class DeviceSafety
{
    /// <summary>
    /// The verdict for <paramref name="target"/>. Without an <paramref name="image"/>, the size and
    /// image checks are skipped. <paramref name="allowFixed"/> are device paths the operator named
    /// with <c>--allow-fixed</c>; they are compared with symbolic links resolved.
    /// </summary>
    public static SafetyVerdict Check(ProvisionTarget target, ProvisionImage? image, IEnumerable<string> allowFixed)
    {
        var reasons = new List<RefusalReason>();
        var name = target.Display;
        var device = target.Device;
        if (device is not null)
        {
            var system = device.SystemUses;
            if (system.Count > 0)
            {
                reasons.Add(new(
                    RefusalKind.SystemDisk,
                    "system disk",
                    $"{name} is a system disk: it holds {Join(system.Select(u => u.Holds).Distinct())} ({string.Join("; ", system.Select(u => u.Describe()))}); flashsmith never writes to a system disk, whatever the options"));
            }

            if (image is not null && image.Disks.Contains(device.Name))
            {
                reasons.Add(new(RefusalKind.HoldsImage, "holds the image", $"{name} holds the image {image.Path}; copy the image to another disk, or choose another device"));
            }
            else if (image is not null && device.BackingFileIdentity == image.Identity)
            {
                reasons.Add(new(RefusalKind.HoldsImage, "holds the image", $"{name} is a loop device over the image {image.Path} itself; choose another device"));
            }

            if (device.Uses.Count > 0)
            {
                reasons.Add(new(
                    RefusalKind.Mounted,
                    "mounted",
                    $"{name} is in use: {string.Join("; ", device.Uses.Select(u => u.Describe()))}; {(device.Uses.Any(u => u.Kind != DeviceUseKind.Mount) ? "unmount it and turn its swap off (swapoff)" : "unmount it")} first"));
            }

            var used = device.Uses.Select(u => u.Device).ToHashSet(StringComparer.Ordinal);
            var held = device.Holders.Where(h => !used.Contains(h.Device)).ToList();
            if (held.Count > 0)
            {
                reasons.Add(new(
                    RefusalKind.InUse,
                    "in use",
                    $"{name} is in use by {string.Join("; ", held.Select(h => $"{h.Holder} on {h.Device}"))}; close or stop it first (cryptsetup close, vgchange -an, mdadm --stop)"));
            }
        }
        else if (image is not null && target.Identity == image.Identity)
        {
            reasons.Add(new(RefusalKind.HoldsImage, "holds the image", $"{name} is the image {image.Path} itself; name the key to write, not the image"));
        }

        if (target.ReadOnly)
        {
            reasons.Add(device is not null
                ? new(RefusalKind.ReadOnly, "read-only", $"{name} is read-only; use a writable device (is the key's write-protect switch on?)")
                : new(RefusalKind.ReadOnly, "read-only", $"{name} is on a file system mounted read-only; choose a file on a writable one"));
        }

        if (image is not null && target.Size < image.Size)
        {
            reasons.Add(new(
                RefusalKind.TooSmall,
                $"too small for {image.Name}",
                $"{name} has {Bytes(target.Size)}, too small for {image.Name}, which needs {Bytes(image.Size)}; use a key of at least {Bytes(image.Size)}"));
        }

        if (device is not null && !device.Removable && !IsAllowed(target, allowFixed))
        {
            reasons.Add(new(
                RefusalKind.FixedDisk,
                "fixed disk",
                $"{name} is a fixed disk, not a removable one; if you mean it, name that exact device with --allow-fixed {target.ResolvedPath}"));
        }

        return new SafetyVerdict(target, reasons);
    }

    private static bool IsAllowed(ProvisionTarget target, IEnumerable<string> allowFixed)
    {
        foreach (var path in allowFixed)
        {
            var resolved = PathResolver.Canonical(path);
            if (resolved == target.ResolvedPath || resolved == target.Device?.Path)
            {
                return true;
            }

            // Another node for the same device (made with mknod) names it as exactly.
            if (target.Device is { } device && Status(resolved) is { Kind: PathKind.BlockDevice } status && status.NamedDevice == device.Number)
            {
                return true;
            }
        }

        return false;
    }

    private static PathStatus? Status(string path)
    {
        try
        {
            return PathStatus.Of(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>"64 MiB (67108864 bytes)", "62.5 MiB (65536000 bytes)".</summary>
    private static string Bytes(ByteSize size)
    {
        var mib = size.Bytes % ByteSize.MiB == 0
            ? (size.Bytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture)
            : ((double)size.Bytes / ByteSize.MiB).ToString("0.##", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{mib} MiB ({size.Bytes} bytes)");
    }

    /// <summary>"/", "/ and /boot", "/, /boot and swap".</summary>
    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} and {list[^1]}";
    }
}
