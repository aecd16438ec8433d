using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Disk;
using Flashsmith.Signing;
using Flashsmith.Verification;

namespace Flashsmith.Provisioning;

/// <summary>
/// An image checked before any device is touched: its seal and every signature hold against the
/// trusted certificate, its block map matches it, and it carries a key seal. Everything a key is
/// written from comes from here.
/// </summary>
public sealed record VerifiedImage(
    string Path,
    string Sha256,
    long Size,
    BlockMap BlockMap,
    KeySealStatement Statement,
    byte[] KeySeal,
    FatType UnitFatType,
    string UnitLabel)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public SealedPartition Unit => Statement.Unit!;

    /// <summary>
    /// Verifies <paramref name="path"/> as <c>verify</c> does; any failure is a <see cref="VerificationFailedException"/>
    /// (exit 4) naming each check that failed. A missing or damaged block map is bad input.
    /// </summary>
    public static VerifiedImage Load(string path, X509Certificate2 trusted)
    {
        var name = System.IO.Path.GetFileName(path);
        var failed = ImageVerifier.Verify(path, trusted, out var sha256).Where(c => !c.Passed).ToList();
        if (failed.Count > 0)
        {
            throw new VerificationFailedException(DiagnosticCodes.VerificationFailed, [.. failed.Select(c => $"{name}: {c.Subject}: {c.Problem}"), $"{name} was not verified against {trusted.Subject}: nothing was written"]);
        }

        var bmapPath = path + ".bmap";
        if (!File.Exists(bmapPath))
        {
            throw new BadInputException(DiagnosticCodes.BlockMap, $"the block map {bmapPath} is missing: provision writes the blocks it names; build the image again to get it");
        }

        BlockMap blockMap;
        try
        {
            blockMap = BlockMap.Parse(File.ReadAllText(bmapPath));
        }
        catch (InvalidDiskImageException ex)
        {
            throw new BadInputException(DiagnosticCodes.BlockMap, $"{bmapPath}: {ex.Message}");
        }

        using var image = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (blockMap.ImageSize != image.Length)
        {
            throw new VerificationFailedException(DiagnosticCodes.VerificationFailed, $"{bmapPath} describes a {blockMap.ImageSize}-byte image, but {name} is {image.Length} bytes");
        }

        CheckBlockMap(image, blockMap, bmapPath);
        var table = PartitionTable.Read(image);
        var found = KeyVerifier.FindSeal(image, table)
            ?? throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{name} has no unit partition holding a key seal, so a key written from it could not be checked: give its layout a partition with 'contents: unit' and build it again");
        var seal = found.Fs.ReadFile("/" + KeySealStatement.FileName);
        var statement = Signing.KeySeal.Open(seal, trusted, out var problem)
            ?? throw new VerificationFailedException(DiagnosticCodes.VerificationFailed, $"{name}: the key seal does not hold: {problem}");
        return new VerifiedImage(System.IO.Path.GetFullPath(path), sha256, image.Length, blockMap, statement, seal, found.Fs.Type, found.Fs.VolumeLabel);
    }

    /// <summary>Every range of the block map against the image, as bmaptool checks its source.</summary>
    private static void CheckBlockMap(Stream image, BlockMap map, string bmapPath)
    {
        var buffer = new byte[1 << 20];
        for (var i = 0; i < map.Ranges.Count; i++)
        {
            var range = map.Ranges[i];
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            image.Position = range.First * map.BlockSize;
            var remaining = Math.Min((range.Last + 1) * map.BlockSize, map.ImageSize) - image.Position;
            while (remaining > 0)
            {
                var read = image.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }

            if (remaining != 0 || Convert.ToHexStringLower(hash.GetHashAndReset()) != range.Sha256)
            {
                throw new VerificationFailedException(DiagnosticCodes.VerificationFailed, $"{bmapPath}: range {i + 1} (blocks {range.First}-{range.Last}, at {new ByteSize(range.First * map.BlockSize).ToOffsetString()}) does not match the image: the block map belongs to another image");
            }
        }
    }
}
