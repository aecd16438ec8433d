using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Provisioning;

/// <summary>The image a key is to be made from: where it is, its size, its identity and the disks that hold it.</summary>
public sealed record ProvisionImage(string Path, ByteSize Size, FileIdentity Identity, IReadOnlyList<string> Disks)
{
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Finds the image file; a missing path or one that is not a regular file is bad input.</summary>
    public static ProvisionImage Locate(string path, BlockDevices devices)
    {
        var full = System.IO.Path.GetFullPath(path);
        var status = PathStatus.Of(full) ?? throw new BadInputException(DiagnosticCodes.InputMissing, $"the image {full} does not exist");
        if (status.Kind != PathKind.RegularFile)
        {
            throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"the image {full} is not a regular file");
        }

        return new ProvisionImage(full, new ByteSize(status.Size), status.Identity, devices.DisksHolding(full, status.Identity));
    }
}
