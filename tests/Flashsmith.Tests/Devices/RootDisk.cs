using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Devices;

/// <summary>The disk that holds / on this machine, found without our code: stat for its device number, lsblk for its disk.</summary>
internal static class RootDisk
{
    public static string Name { get; } = Find();

    private static string Find()
    {
        var number = ExternalTool.Check("stat", "-c", "%Hd:%Ld", "/").Output.Trim();
        var row = ExternalTool.Check("lsblk", "-rno", "MAJ:MIN,NAME,PKNAME").Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Single(f => f[0] == number);
        return row.Length > 2 && row[2].Length > 0 ? row[2] : row[1];
    }
}
