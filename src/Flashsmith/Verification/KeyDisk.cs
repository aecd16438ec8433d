using System.Security.Cryptography.X509Certificates;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Verification;

/// <summary>Reading a disk that may be a key: a block device or a file, and whether it is a key or an image.</summary>
public static class KeyDisk
{
    /// <summary>Refuses, as bad input, a path that is neither a file nor a block device.</summary>
    public static void RequireExists(string path)
    {
        if (!File.Exists(path) && !DeviceFile.IsBlock(path))
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"{Path.GetFullPath(path)} does not exist");
        }
    }

    /// <summary>
    /// Verifies what <paramref name="path"/> names: a key (see <see cref="IsKey"/>) against its key seal, with its unit
    /// record, or an image against its seal and everything in it.
    /// </summary>
    public static TargetVerification Verify(string path, X509Certificate2 trusted)
    {
        RequireExists(path);
        using var disk = DeviceStream.OpenRead(path);
        if (IsKey(path, disk))
        {
            var key = ImageVerifier.VerifyKey(disk, trusted);
            return new TargetVerification(true, key.Checks, key.UnitRecord);
        }

        return new TargetVerification(false, ImageVerifier.Verify(path, trusted), null);
    }

    /// <summary>
    /// True for a key: a block device, or a file with no seal (.p7s) beside it whose content is a key's: its unit
    /// partition holds the key seal and was written at provisioning (it holds the unit record), or it is larger than
    /// the image its key seal names. Not its size alone: <c>bmaptool copy</c> to a file leaves a key exactly the size of
    /// its image. A built image, whose unit partition holds only the key seal, is checked as an image, seal and all.
    /// </summary>
    public static bool IsKey(string path, Stream disk)
    {
        if (DeviceFile.IsBlock(path))
        {
            return true;
        }

        if (File.Exists(path + ".p7s"))
        {
            return false;
        }

        try
        {
            var table = PartitionTable.Read(disk);
            return KeyVerifier.FindSeal(disk, table) is { } found
                && KeySeal.Peek(found.Fs.ReadFile("/" + KeySealStatement.FileName)) is { } statement
                && (statement.ImageSize < disk.Length || KeyVerifier.ReadUnitRecord(disk, table) is not null);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            return false;
        }
    }
}
