using BenchmarkDotNet.Attributes;
using Flashsmith.Disk;

namespace Flashsmith.Benchmarks;

/// <summary>
/// Building a four-partition flash image holding 200 files (20 MiB), in-process: a 32 MiB flash and
/// a 4 GiB one with the same content, which should take about as long and stay small in memory.
/// </summary>
[MemoryDiagnoser]
public class DiskImageBenchmarks
{
    private string folder = string.Empty;

    [Params(32L * 1024 * 1024, 4L * 1024 * 1024 * 1024)]
    public long FlashBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("flashsmith-bench-").FullName;
        SampleContent.Write(Path.Combine(folder, "content"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark(Description = "build image with 200 files (20 MiB)")]
    public void Build() => SampleLayout.Build(new ByteSize(FlashBytes), Path.Combine(folder, "content"), Path.Combine(folder, "flash.img"));
}
