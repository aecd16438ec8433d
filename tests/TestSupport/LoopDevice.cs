using System.Globalization;

namespace Flashsmith.TestSupport;

/// <summary>
/// A loop device over a sparse file in a test's temporary folder, detached when disposed. The only
/// block devices tests may touch: the tests make them, and only they are ever written.
/// </summary>
public sealed class LoopDevice : IDisposable
{
    private readonly List<string> nodes = [];

    private LoopDevice(string path, string file)
    {
        Path = path;
        File = file;
    }

    /// <summary>/dev/loopN.</summary>
    public string Path { get; }

    /// <summary>loopN.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The file it stands on.</summary>
    public string File { get; }

    /// <summary>Makes a sparse file of <paramref name="bytes"/> and attaches it, read-only if asked, with partition scanning.</summary>
    public static LoopDevice Create(string file, long bytes, bool readOnly = false)
    {
        using (var stream = new FileStream(file, FileMode.CreateNew))
        {
            stream.SetLength(bytes);
        }

        string[] arguments = readOnly ? ["-f", "--show", "-P", "-r", file] : ["-f", "--show", "-P", file];
        var path = ExternalTool.Check("losetup", arguments).Output.Trim();
        if (!path.StartsWith("/dev/loop", StringComparison.Ordinal) || path.Length == "/dev/loop".Length || !path["/dev/loop".Length..].All(char.IsAsciiDigit))
        {
            throw new InvalidOperationException($"losetup gave '{path}', not a loop device");
        }

        return new LoopDevice(path, file);
    }

    /// <summary>
    /// Makes a sparse file of <paramref name="bytes"/> and attaches it to loop device <paramref name="number"/>, which
    /// must be free: through a device node made beside the file, so that the kernel makes the device if it has
    /// none yet. Tests that watch for devices use numbers far above those <c>losetup -f</c> hands out.
    /// </summary>
    public static LoopDevice CreateAt(string file, long bytes, int number)
    {
        var name = $"loop{number.ToString(CultureInfo.InvariantCulture)}";
        var size = $"/sys/block/{name}/size";
        if (System.IO.File.Exists(size) && System.IO.File.ReadAllText(size).Trim() != "0")
        {
            throw new InvalidOperationException($"{name} is in use");
        }

        using (var stream = new FileStream(file, FileMode.CreateNew))
        {
            stream.SetLength(bytes);
        }

        var node = file + ".node";
        ExternalTool.Check("mknod", node, "b", "7", number.ToString(CultureInfo.InvariantCulture));
        try
        {
            ExternalTool.Check("losetup", "-P", node, file);
        }
        finally
        {
            System.IO.File.Delete(node);
        }

        return new LoopDevice($"/dev/{name}", file);
    }

    /// <summary>
    /// Makes the kernel read the partition table (there is no udev here) and returns a device node for
    /// partition <paramref name="index"/>, made with mknod in <paramref name="folder"/> and removed on dispose.
    /// </summary>
    public string PartitionNode(int index, string folder)
    {
        var name = $"{Name}p{index.ToString(CultureInfo.InvariantCulture)}";
        var dev = $"/sys/block/{Name}/{name}/dev";
        if (!System.IO.File.Exists(dev))
        {
            // sgdisk asks the kernel to re-read the table, which may or may not have happened yet.
            ExternalTool.Run("partx", "-a", Path);
        }

        for (var i = 0; i < 50 && !System.IO.File.Exists(dev); i++)
        {
            Thread.Sleep(100);
        }

        var numbers = System.IO.File.ReadAllText(dev).Trim().Split(':');
        var node = System.IO.Path.Combine(folder, name);
        ExternalTool.Check("mknod", node, "b", numbers[0], numbers[1]);
        nodes.Add(node);
        return node;
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            System.IO.File.Delete(node);
        }

        ExternalTool.Run("losetup", "-d", Path);
    }
}
