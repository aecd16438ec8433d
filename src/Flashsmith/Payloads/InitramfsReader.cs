using Flashsmith.Disk;

namespace Flashsmith.Payloads;

/// <summary>
/// Lists and reads a gzip-compressed newc initramfs, such as <see cref="InitramfsPacker"/> makes. It takes bytes from
/// anywhere: whatever is wrong with them, it throws <see cref="InvalidDataException"/> and nothing else.
/// </summary>
public static class InitramfsReader
{
    /// <summary>
    /// The most an initramfs may hold decompressed. A hypervisor's initramfs is a few MiB and has to fit a 32 MiB flash
    /// compressed; a larger one is refused before it is decompressed, or as soon as it proves larger than it declares.
    /// </summary>
    public const int MaxArchiveSize = (int)(256 * ByteSize.MiB);

    /// <summary>The members in archive order, without the trailer.</summary>
    public static IReadOnlyList<InitramfsEntry> List(ReadOnlySpan<byte> gz)
    {
        var archive = DeterministicGzip.Decompress(gz, MaxArchiveSize);
        return InArchive(() => CpioNewcReader.List(archive));
    }

    /// <summary>The data of the regular file at <paramref name="path"/> (with or without a leading '/'), or null when there is none.</summary>
    public static byte[]? ReadFile(ReadOnlySpan<byte> gz, string path)
    {
        var archive = DeterministicGzip.Decompress(gz, MaxArchiveSize);
        return InArchive(() => CpioNewcReader.ReadFile(archive, path));
    }

    /// <summary>Says that a problem is in the decompressed archive, whose offsets are not the file's.</summary>
    private static T InArchive<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"its decompressed cpio archive is wrong: {ex.Message}", ex);
        }
    }
}
