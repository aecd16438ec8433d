using System.Globalization;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

/// <summary>GNU gzip and GNU cpio as judges of our archives: each step fails the test, with the tool's output, unless the tool accepts it.</summary>
public static class CpioJudge
{
    /// <summary>
    /// One line of <c>cpio -itv --numeric-uid-gid</c> in UTC: the mode as ls shows it, link count, owner, group, size,
    /// date (such as "Jan 1 2024") and name (a link's name is followed by " -> target").
    /// </summary>
    public sealed record Line(string Mode, int Links, int Uid, int Gid, long Size, string Date, string Name);

    /// <summary>Writes <paramref name="gz"/> beside nothing else in <paramref name="folder"/>, has gzip test and decompress it, and returns the cpio file's path.</summary>
    public static string Gunzip(byte[] gz, string folder)
    {
        Directory.CreateDirectory(folder);
        var packed = Path.Combine(folder, "initramfs.cpio.gz");
        File.WriteAllBytes(packed, gz);
        ExternalTool.Check("gzip", "-t", packed);
        ExternalTool.Check("gzip", "-d", "-k", packed);
        return Path.Combine(folder, "initramfs.cpio");
    }

    public static IReadOnlyList<string> Names(string cpio) =>
        Lines(ExternalTool.Check("cpio", "-i", "-t", "--quiet", "-F", cpio).Output);

    public static IReadOnlyList<Line> Verbose(string cpio)
    {
        var listing = ExternalTool.Run("cpio", ["-i", "-t", "-v", "--numeric-uid-gid", "--quiet", "-F", cpio], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["TZ"] = "UTC" });
        Assert.True(listing.ExitCode == 0, $"cpio -itv {cpio} exited {listing.ExitCode}:\n{listing.All}");
        return [.. Lines(listing.Output).Select(Parse)];
    }

    /// <summary>Unpacks with modification times kept (-m), as root keeps owners, into <paramref name="into"/>.</summary>
    public static void Extract(string cpio, string into)
    {
        Directory.CreateDirectory(into);
        ExternalTool.Check("cpio", "-i", "-d", "-m", "--quiet", "--no-absolute-filenames", "-F", cpio, "-D", into);
    }

    /// <summary>Has GNU cpio write a newc archive of <paramref name="names"/> (paths below <paramref name="folder"/>, as find would list them) to <paramref name="archive"/>.</summary>
    public static void Create(string folder, IReadOnlyList<string> names, string archive)
    {
        // cpio reads the names from its standard input, which ExternalTool closes; Python hands them over.
        var cpio = ExternalTool.Run("/usr/bin/python3", [
            "-c",
            "import subprocess, sys\n" +
            "subprocess.run(['cpio', '-o', '-H', 'newc', '--quiet', '-F', sys.argv[2]], input=sys.argv[3].encode(), cwd=sys.argv[1], check=True)\n",
            folder, archive, string.Concat(names.Select(n => n + "\n")),
        ], TimeSpan.FromMinutes(1));
        Assert.True(cpio.ExitCode == 0, $"cpio -o exited {cpio.ExitCode}:\n{cpio.All}");
    }

    private static IReadOnlyList<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"-rwxr-xr-x   1 0        0            5 Jan  1  2024 bin/busybox": the date takes three words.</summary>
    private static Line Parse(string line)
    {
        var words = line.Split(' ', 9, StringSplitOptions.RemoveEmptyEntries);
        return new Line(words[0], Int(words[1]), Int(words[2]), Int(words[3]), long.Parse(words[4], CultureInfo.InvariantCulture), string.Join(' ', words[5..8]), words[8]);
    }

    private static int Int(string word) => int.Parse(word, CultureInfo.InvariantCulture);
}
