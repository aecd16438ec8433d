namespace Flashsmith.Devices;

/// <summary>
/// Where the kernel's tables are read: <c>/sys</c>, <c>/proc</c> and <c>/dev</c> on the machine, or
/// fixture trees in tests.
/// </summary>
public sealed record SystemRoots(string Sys, string Proc, string Dev)
{
    public static SystemRoots Host { get; } = new("/sys", "/proc", "/dev");

    /// <summary>The device node of the kernel name <paramref name="name"/>: <c>/dev/sdb</c>.</summary>
    public string DevicePath(string name) => Path.Combine(Dev, name);

    /// <summary>A path as the kernel writes it in mountinfo or /proc/swaps (<c>/dev/...</c>), moved under <see cref="Dev"/>.</summary>
    public string FromKernelPath(string path) =>
        path.StartsWith("/dev/", StringComparison.Ordinal) ? Path.Combine(Dev, path["/dev/".Length..]) : path;
}
