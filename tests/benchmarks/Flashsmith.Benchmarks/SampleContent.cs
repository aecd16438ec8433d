namespace Flashsmith.Benchmarks;

/// <summary>200 files of 104,858 bytes each (20 MiB in all) of seeded pseudo-random bytes.</summary>
public static class SampleContent
{
    public const int Files = 200;
    public const int FileSize = 104_858;

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(20261127);
        var bytes = new byte[FileSize];
        for (var i = 0; i < Files; i++)
        {
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, $"module{i:D3}.bin"), bytes);
        }
    }
}
