using Flashsmith.Disk.Fat;

namespace Flashsmith.Disk.Tests;

/// <summary>A generated tree of files: Unicode and long names, deep folders, many files, sizes from 0 to several MiB.</summary>
public sealed class SampleTree
{
    private static readonly string[] Names =
    [
        "README.TXT", "boot.cfg", "Ünïcödé résumé.txt", "日本語のファイル.bin", "a very long file name that needs several long-name entries to hold it.dat",
        "UPPER.BIN", "lower.bin", "Mixed Case Name.Ext", "dots.in.the.name.tar.gz", "x", "noext", ".hidden", "spaces in name", "ümlaut",
    ];

    public SampleTree(int seed, int files, long maxFileSize, int maxDepth)
    {
        var random = new Random(seed);
        var directories = new List<string> { string.Empty };
        for (var i = 0; i < files; i++)
        {
            if (random.Next(4) == 0 && directories[^1].Count(c => c == '/') < maxDepth)
            {
                var parent = directories[random.Next(directories.Count)];
                if (parent.Count(c => c == '/') < maxDepth)
                {
                    directories.Add($"{parent}/dir {i} {Names[random.Next(Names.Length)].Replace('.', '_')}");
                }
            }

            var folder = directories[random.Next(directories.Count)];
            var name = $"{i:D3} {Names[random.Next(Names.Length)]}";
            var size = random.Next(6) switch
            {
                0 => 0,
                1 => random.Next(1, 512),
                2 => random.Next(512, 70_000),
                _ => (long)(random.NextDouble() * maxFileSize),
            };
            var bytes = new byte[size];
            random.NextBytes(bytes);
            Files[$"{folder}/{name}"] = bytes;
        }

        var deep = string.Concat(Enumerable.Range(0, maxDepth).Select(d => $"/level{d}"));
        Directories.AddRange(directories.Where(d => d.Length > 0).Append(deep));
        Files[$"{deep}/bottom.txt"] = "the deepest file"u8.ToArray();
    }

    public SortedDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public List<string> Directories { get; } = [];

    public long TotalBytes => Files.Values.Sum(f => (long)f.Length);

    public void AddTo(FatFileSystemBuilder builder)
    {
        foreach (var directory in Directories)
        {
            builder.AddDirectory(directory);
        }

        foreach (var (path, bytes) in Files)
        {
            builder.AddFile(path, DataSource.FromBytes(bytes));
        }
    }
}
