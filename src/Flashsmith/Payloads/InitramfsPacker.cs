using System.Text;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;

namespace Flashsmith.Payloads;

/// <summary>
/// Packs a folder and additions into a gzip-compressed newc initramfs whose bytes depend on nothing but the paths,
/// contents, kinds and execute bits of what is packed, and the time given.
/// </summary>
/// <remarks>
/// Modes are kept as git keeps them, so that neither the umask nor the checkout shows in the bytes: folders 0755,
/// files 0755 when the host file has any execute bit and 0644 otherwise, symbolic links 0777 with their target as
/// written. Links inside a folder are stored as links; an addition's <see cref="InitramfsAddition.From"/> and the
/// folder itself are followed when they are links, as cp and tar follow the paths named on their command line, so a
/// recipe may name build/busybox when it links to busybox-1.36. Directories given twice merge (a directory member
/// carries nothing but its path); anything else given twice is an error, as is a device, FIFO or socket.
/// </remarks>
public sealed class InitramfsPacker
{
    private const UnixFileMode FolderMode = (UnixFileMode)0x1ED; // 0755
    private const UnixFileMode ExecutableMode = (UnixFileMode)0x1ED; // 0755
    private const UnixFileMode PlainMode = (UnixFileMode)0x1A4; // 0644
    private const UnixFileMode LinkMode = (UnixFileMode)0x1FF; // 0777
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>One folder at a time, hidden (dot) files included: by default .NET skips files it thinks hidden.</summary>
    private static readonly EnumerationOptions OneFolder = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly Dictionary<string, InitramfsItem> items = new(StringComparer.Ordinal);
    private readonly HashSet<string> collided = new(StringComparer.Ordinal);
    private readonly List<string> collisions = [];
    private readonly List<string> specialFiles = [];

    private InitramfsPacker()
    {
    }

    /// <summary>
    /// The .gz bytes of the initramfs holding <paramref name="folder"/>'s contents (the folder is the archive's root)
    /// and <paramref name="additions"/>, every member owned by 0:0 and modified at <paramref name="epochSeconds"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A path that is not a full path, a <c>To</c> that is not an absolute archive
    /// path, or two things given at one archive path (every such problem, one per line).</exception>
    /// <exception cref="BadInputException">The folder or an addition's <c>From</c> does not exist, or the folder is a
    /// file (<see cref="DiagnosticCodes.PathMissing"/>, every such path).</exception>
    /// <exception cref="InvalidDataException">A device, FIFO or socket is to be packed (every one, one per line).</exception>
    public static byte[] Pack(string folder, IReadOnlyList<InitramfsAddition> additions, long epochSeconds)
    {
        if (epochSeconds is < 0 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(epochSeconds), epochSeconds, "a newc header holds the modification time in 32 bits: 0 to 4294967295 seconds since 1970 (2106-02-07)");
        }

        var plan = Plan(folder, additions);
        using var cpio = new MemoryStream();
        var writer = new CpioNewcWriter(cpio, (uint)epochSeconds);
        foreach (var item in plan)
        {
            switch (item.Type)
            {
                case CpioFileType.Directory:
                    writer.AddDirectory(item.Path, item.Permissions);
                    break;
                case CpioFileType.SymbolicLink:
                    writer.AddSymbolicLink(item.Path, item.LinkTarget!);
                    break;
                default:
                    writer.AddFile(item.Path, item.Permissions, File.ReadAllBytes(item.HostFile!));
                    break;
            }
        }

        writer.Finish();
        return DeterministicGzip.Compress(cpio.GetBuffer().AsSpan(0, (int)cpio.Length));
    }

    /// <summary>Every member, checked and in archive order: by path, byte by byte in UTF-8, so every parent comes before its children.</summary>
    internal static IReadOnlyList<InitramfsItem> Plan(string folder, IReadOnlyList<InitramfsAddition> additions)
    {
        var targets = CheckShapes(folder, additions);
        CheckPresence(folder, additions);
        var packer = new InitramfsPacker();
        packer.AddFolder(folder, string.Empty, " in the folder");
        for (var i = 0; i < additions.Count; i++)
        {
            packer.AddAddition(additions[i], targets[i]);
        }

        if (packer.specialFiles.Count > 0)
        {
            throw new InvalidDataException(string.Join('\n', packer.specialFiles));
        }

        if (packer.collisions.Count > 0)
        {
            throw new ArgumentException(string.Join('\n', packer.collisions));
        }

        var sorted = packer.items.Values.Select(item => (Key: Encoding.UTF8.GetBytes(item.Path), Item: item)).ToList();
        sorted.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return [.. sorted.Select(s => s.Item)];
    }

    /// <summary>The archive path of each addition; every path that cannot be used as given is reported at once.</summary>
    private static List<string> CheckShapes(string folder, IReadOnlyList<InitramfsAddition> additions)
    {
        var problems = new List<string>();
        if (!Path.IsPathFullyQualified(folder))
        {
            problems.Add($"the initramfs folder {folder} is not a full path");
        }

        var targets = new List<string>();
        foreach (var addition in additions)
        {
            if (!Path.IsPathFullyQualified(addition.From))
            {
                problems.Add($"the initramfs addition {addition.From} -> {addition.To}: {addition.From} is not a full path");
            }

            var target = ArchivePath(addition.To);
            if (target is null)
            {
                problems.Add($"the initramfs addition {addition.From} -> {addition.To}: '{addition.To}' is not an absolute path inside the archive, such as /bin/busybox (no '.', '..', '//' or trailing '/')");
            }

            targets.Add(target ?? string.Empty);
        }

        return problems.Count > 0 ? throw new ArgumentException(string.Join('\n', problems)) : targets;
    }

    /// <summary>'/lib/modules' as the archive stores it, 'lib/modules'; null when it is not a plain absolute path below the root.</summary>
    private static string? ArchivePath(string to)
    {
        if (to.Length < 2 || to[0] != '/' || to.Contains('\0'))
        {
            return null;
        }

        var path = to[1..];
        return path.Split('/').Any(part => part is "" or "." or "..") ? null : path;
    }

    private static void CheckPresence(string folder, IReadOnlyList<InitramfsAddition> additions)
    {
        var missing = new List<string>();
        switch (PathStatus.Of(folder)?.Kind)
        {
            case null:
                missing.Add($"the initramfs folder {folder} does not exist");
                break;
            case not PathKind.Directory:
                missing.Add($"the initramfs folder {folder} is a file, not a folder");
                break;
        }

        foreach (var addition in additions)
        {
            if (PathStatus.Of(addition.From) is null)
            {
                missing.Add($"the initramfs addition {addition.From} -> {addition.To}: {addition.From} does not exist");
            }
        }

        if (missing.Count > 0)
        {
            throw new BadInputException(DiagnosticCodes.PathMissing, missing);
        }
    }

    private void AddAddition(InitramfsAddition addition, string target)
    {
        var origin = $"{addition.From}, added as {addition.To}";
        var kind = PathStatus.Of(addition.From)?.Kind;
        if (kind == PathKind.Directory)
        {
            Add(new InitramfsItem(target, CpioFileType.Directory, FolderMode, null, null, origin));
            AddFolder(addition.From, target, $", added under {addition.To}");
            return;
        }

        // Followed to the file it finally names: its execute bits and its contents are what is packed.
        var file = new FileInfo(addition.From);
        var real = file.LinkTarget is null ? file : (FileInfo)file.ResolveLinkTarget(returnFinalTarget: true)!;
        AddFile(real, target, origin, kind);
    }

    /// <summary>The contents of <paramref name="hostFolder"/> below <paramref name="archiveFolder"/> ("" for the root); links are stored, not followed.</summary>
    private void AddFolder(string hostFolder, string archiveFolder, string how)
    {
        foreach (var entry in new DirectoryInfo(hostFolder).EnumerateFileSystemInfos("*", OneFolder))
        {
            var path = archiveFolder.Length == 0 ? entry.Name : $"{archiveFolder}/{entry.Name}";
            var origin = entry.FullName + how;
            if (entry.LinkTarget is { } target)
            {
                Add(new InitramfsItem(path, CpioFileType.SymbolicLink, LinkMode, null, target, origin));
            }
            else if (entry is DirectoryInfo)
            {
                Add(new InitramfsItem(path, CpioFileType.Directory, FolderMode, null, null, origin));
                AddFolder(entry.FullName, path, how);
            }
            else
            {
                AddFile((FileInfo)entry, path, origin, PathStatus.Of(entry.FullName)?.Kind);
            }
        }
    }

    private void AddFile(FileInfo file, string path, string origin, PathKind? kind)
    {
        if (kind != PathKind.RegularFile)
        {
            var what = kind switch
            {
                PathKind.CharacterDevice => "a character device",
                PathKind.BlockDevice => "a block device",
                null => "gone (it vanished while the folder was read)",
                _ => "a FIFO or socket",
            };
            specialFiles.Add($"{file.FullName} is {what}; an initramfs holds only folders, files and symbolic links here (device nodes are made at boot, by devtmpfs)");
            return;
        }

        var mode = (file.UnixFileMode & AnyExecute) != 0 ? ExecutableMode : PlainMode;
        Add(new InitramfsItem(path, CpioFileType.RegularFile, mode, file.FullName, null, origin));
    }

    /// <summary>Adds an item after the folders above it, which are made when nothing else gives them.</summary>
    private void Add(InitramfsItem item)
    {
        for (var slash = item.Path.IndexOf('/'); slash >= 0; slash = item.Path.IndexOf('/', slash + 1))
        {
            var parent = item.Path[..slash];
            if (!items.TryGetValue(parent, out var existing) || existing.Type != CpioFileType.Directory)
            {
                Put(new InitramfsItem(parent, CpioFileType.Directory, FolderMode, null, null, $"a folder for /{item.Path} ({item.Origin})"));
            }
        }

        Put(item);
    }

    private void Put(InitramfsItem item)
    {
        if (item.Path == CpioNewcHeader.TrailerName)
        {
            if (collided.Add(item.Path))
            {
                collisions.Add($"/{item.Path} is the name that ends a cpio archive and cannot be a member: {item.Origin}");
            }
        }
        else if (!items.TryGetValue(item.Path, out var existing))
        {
            items.Add(item.Path, item);
        }
        else if (!(existing.Type == CpioFileType.Directory && item.Type == CpioFileType.Directory) && collided.Add(item.Path))
        {
            collisions.Add($"/{item.Path} is given twice: by {existing.Origin}, and by {item.Origin}");
        }
    }
}
