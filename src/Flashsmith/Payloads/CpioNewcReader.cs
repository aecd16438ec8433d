using System.Text;

namespace Flashsmith.Payloads;

/// <summary>
/// Reads an uncompressed cpio "newc" archive. It takes bytes from anywhere: whatever is wrong with them, it throws
/// <see cref="InvalidDataException"/> naming the member and its offset, and nothing else.
/// </summary>
public static class CpioNewcReader
{
    /// <summary>Linux's PATH_MAX, with the NUL: the longest name the kernel unpacks, and the longest link target.</summary>
    public const int MaxNameSize = 4096;

    /// <summary>The members in archive order, without the trailer.</summary>
    public static IReadOnlyList<InitramfsEntry> List(ReadOnlySpan<byte> archive) =>
        [.. Parse(archive).Select(m => m.Entry)];

    /// <summary>
    /// The data of the regular file at <paramref name="path"/> (a leading '/' may be given or not), or null when the
    /// archive holds no regular file there. When a path is stored twice, the later one counts, as when the kernel unpacks it.
    /// </summary>
    public static byte[]? ReadFile(ReadOnlySpan<byte> archive, string path)
    {
        var wanted = path.TrimStart('/');
        var found = Parse(archive).LastOrDefault(m => m.Entry.Path == wanted);
        return found.Entry is { Type: CpioFileType.RegularFile } entry
            ? archive.Slice(found.DataOffset, (int)entry.Size).ToArray()
            : null;
    }

    private static List<(InitramfsEntry Entry, int DataOffset)> Parse(ReadOnlySpan<byte> archive)
    {
        var members = new List<(InitramfsEntry, int)>();
        long at = 0;
        while (true)
        {
            if (at >= archive.Length)
            {
                throw new InvalidDataException($"the archive ends after {members.Count} members without a {CpioNewcHeader.TrailerName} member");
            }

            CpioNewcHeader header;
            try
            {
                header = CpioNewcHeader.Read(archive[(int)at..]);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"{Where(members.Count, at)}: {ex.Message}", ex);
            }

            if (header.NameSize is 0 or > MaxNameSize)
            {
                throw new InvalidDataException($"{Where(members.Count, at)}: its name size is {header.NameSize}; a name is 1 to {MaxNameSize} bytes with its NUL");
            }

            var nameAt = at + CpioNewcHeader.Size;
            if (nameAt + header.NameSize > archive.Length)
            {
                throw new InvalidDataException($"{Where(members.Count, at)}: its {header.NameSize}-byte name runs past the end of the archive at 0x{archive.Length:X} ({archive.Length})");
            }

            var nameBytes = archive.Slice((int)nameAt, (int)header.NameSize);
            if (nameBytes[^1] != 0 || nameBytes[..^1].Contains((byte)0))
            {
                throw new InvalidDataException($"{Where(members.Count, at)}: its name is not one string ending in its only NUL");
            }

            // Names are bytes to the kernel; one that is not UTF-8 is listed with U+FFFD in place of what does not decode.
            var name = Encoding.UTF8.GetString(nameBytes[..^1]);

            // A member without data (the trailer, say) may end the archive without its padding; any other must fit.
            var dataAt = Math.Min(Align4(nameAt + header.NameSize), archive.Length);
            if (dataAt + header.FileSize > archive.Length)
            {
                throw new InvalidDataException($"{Where(members.Count, at)} ({name}): its {header.FileSize} bytes of data run past the end of the archive at 0x{archive.Length:X} ({archive.Length})");
            }

            var data = archive.Slice((int)dataAt, (int)header.FileSize);
            if (name == CpioNewcHeader.TrailerName)
            {
                RequireOnlyPadding(archive[(int)Math.Min(Align4(dataAt + header.FileSize), archive.Length)..], members.Count);
                return members;
            }

            string? target = null;
            if (header.Type == CpioFileType.SymbolicLink)
            {
                if (header.FileSize is 0 or >= MaxNameSize || data.Contains((byte)0))
                {
                    throw new InvalidDataException($"{Where(members.Count, at)} ({name}): its link target is {header.FileSize} bytes or holds a NUL; a target is 1 to {MaxNameSize - 1} bytes");
                }

                target = Encoding.UTF8.GetString(data);
            }

            var entry = new InitramfsEntry(name, header.Mode, header.Uid, header.Gid, header.ModifiedSeconds, header.FileSize, target, header.RDevMajor, header.RDevMinor);
            members.Add((entry, (int)dataAt));
            at = Align4(dataAt + header.FileSize);
        }
    }

    /// <summary>
    /// After the trailer only NUL padding may follow. The kernel would go on to unpack a second archive there; refusing it
    /// keeps a listing from hiding members.
    /// </summary>
    private static void RequireOnlyPadding(ReadOnlySpan<byte> rest, int members)
    {
        var stray = rest.IndexOfAnyExcept((byte)0);
        if (stray >= 0)
        {
            throw new InvalidDataException($"after its {members} members and the trailer, the archive goes on with {rest.Length - stray} bytes that are not padding (a second archive is not read)");
        }
    }

    private static string Where(int index, long offset) => $"member {index + 1} at offset 0x{offset:X} ({offset})";

    private static long Align4(long offset) => (offset + 3) & ~3L;
}
