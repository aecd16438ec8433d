using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Disk.Tests.Fat;

public sealed class FatFileSystemHostileTests
{
    private static readonly HostileImages Images = new();

    [Fact]
    public void Cluster_chain_loop_is_reported_not_followed()
    {
        var image = (byte[])Images.Bytes.Clone();
        var file = Images.Placement("/file.bin");
        Images.SetFat16(image, file.FirstCluster + 1, (ushort)file.FirstCluster);
        Patch(image, Images.EntryOffset(image, 0, "FILE.BIN") + 28, 0x7FFFFFFF);

        var volume = Inspect(image).Volumes[1];

        Assert.Equal("the cluster chain of '/file.bin' is longer than the volume: it loops", volume.Problem);
    }

    [Fact]
    public void Chain_past_the_volume_is_reported()
    {
        var image = (byte[])Images.Bytes.Clone();
        var file = Images.Placement("/file.bin");
        Images.SetFat16(image, file.FirstCluster, 0xFFF0);

        var volume = Inspect(image).Volumes[1];

        Assert.StartsWith("the cluster chain of '/file.bin' reaches cluster 65520, outside the volume's clusters 2 to ", volume.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_cycle_is_reported()
    {
        var image = (byte[])Images.Bytes.Clone();
        var a = Images.Placement("/a");
        var b = Images.Placement("/a/b");
        var entry = Images.EntryOffset(image, a.FirstCluster, "B");
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan((int)entry + 26), (ushort)a.FirstCluster);

        var volume = Inspect(image).Volumes[1];

        Assert.Equal($"directory '/a/b' leads back to a directory already seen (cluster {a.FirstCluster}): the tree has a cycle", volume.Problem);
        Assert.NotEqual(a.FirstCluster, b.FirstCluster);
    }

    [Fact]
    public void Absurd_file_size_is_reported()
    {
        var image = (byte[])Images.Bytes.Clone();
        Patch(image, Images.EntryOffset(image, 0, "FILE.BIN") + 28, 0xFFFFFFFF);

        var volume = Inspect(image).Volumes[1];

        Assert.Equal("'/file.bin' is 4294967295 bytes, but its cluster chain holds only 5120", volume.Problem);
    }

    [Fact]
    public void Truncated_image_is_an_error_not_a_crash()
    {
        var truncated = Images.Bytes[..(20 * 1024)];

        var error = Assert.Throws<InvalidDiskImageException>(() => Inspect(truncated));

        Assert.Contains("backup GPT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_damage_never_crashes_or_hangs()
    {
        var image = (byte[])Images.Bytes.Clone();
        var metadataEnd = (int)(HostileImages.BankOffset + (64 * 1024));
        var mutation = Gen.Select(Gen.Int[0, metadataEnd - 1].Array[1, 12], Gen.Byte.Array[12], Gen.Int[0, 20]);

        // One sample at a time: every sample damages and restores the same image in place.
        mutation.Sample((offsets, values, truncate) =>
        {
            var saved = offsets.Select(o => image[o]).ToArray();
            for (var i = 0; i < offsets.Length; i++)
            {
                image[offsets[i]] = values[i];
            }

            try
            {
                var length = truncate == 0 ? image.Length : Math.Max(0, offsets[0] * 2);
                _ = ReadEverything(image, Math.Min(length, image.Length));
            }
            finally
            {
                for (var i = offsets.Length - 1; i >= 0; i--)
                {
                    image[offsets[i]] = saved[i];
                }
            }
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("cluster-chain-loop-is-reported-not-followed", "the cluster chain of '/file.bin' is longer than the volume: it loops")]
    [InlineData("chain-past-the-volume-is-reported", "the cluster chain of '/file.bin' reaches cluster 65520, outside the volume's clusters 2 to ")]
    [InlineData("directory-cycle-is-reported", "directory '/a/b' leads back to a directory already seen (cluster ")]
    [InlineData("absurd-file-size-is-reported", "'/file.bin' is 4294967295 bytes, but its cluster chain holds only 5120")]
    [InlineData("truncated-image-is-an-error-not-a-crash", "backup GPT")]
    public void Committed_corpus_image_gives_its_own_clear_error(string name, string expected)
    {
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".img.gz")), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        var bytes = memory.ToArray();

        var problems = ReadEverything(bytes, bytes.Length);

        var problem = Assert.Single(problems);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Corpus_holds_an_image_for_each_named_behaviour()
    {
        var corpus = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.img.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(
            ["absurd-file-size-is-reported.img.gz", "chain-past-the-volume-is-reported.img.gz", "cluster-chain-loop-is-reported-not-followed.img.gz", "directory-cycle-is-reported.img.gz", "truncated-image-is-an-error-not-a-crash.img.gz"],
            corpus);
    }

    [Fact]
    public void Undamaged_image_reads_with_no_problem()
    {
        Assert.Empty(ReadEverything(Images.Bytes, Images.Bytes.Length));
    }

    /// <summary>
    /// Reads table, trees and every file of each volume the reader found sound, within seconds; gives every
    /// problem found (a volume's, or the one an <see cref="InvalidDiskImageException"/> carries), each checked to
    /// be one non-empty line. Any other exception fails the test.
    /// </summary>
    private static List<string> ReadEverything(byte[] image, int length)
    {
        var work = Task.Run(() =>
        {
            var problems = new List<string>();
            using var stream = new MemoryStream(image, 0, length, writable: false);
            try
            {
                var report = DiskInspector.Inspect(stream);
                problems.AddRange(report.Volumes.Where(v => v.Problem is not null).Select(v => v.Problem!));
                foreach (var volume in report.Volumes.Where(v => v.Type is not null && v.Problem is null))
                {
                    var fs = DiskInspector.Open(stream, volume.Partition)!;
                    foreach (var entry in volume.Entries.Where(e => !e.IsDirectory))
                    {
                        Assert.Equal(entry.Size, fs.ReadFile(entry.Path).Length);
                    }
                }
            }
            catch (InvalidDiskImageException ex)
            {
                problems.Add(ex.Message);
            }

            Assert.All(problems, p => Assert.Matches(@"^\S[^\n]*$", p));
            return problems;
        });
        Assert.True(work.Wait(TimeSpan.FromSeconds(10)), "reading a damaged image did not finish");
        return work.GetAwaiter().GetResult();
    }

    /// <summary>Inspects a crafted image; with FLASHSMITH_WRITE_CORPUS=DIR set, also saves it there for the corpus.</summary>
    private static DiskReport Inspect(byte[] image, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        if (Environment.GetEnvironmentVariable("FLASHSMITH_WRITE_CORPUS") is { Length: > 0 } folder)
        {
            using var gzip = new GZipStream(File.Create(Path.Combine(folder, name.ToLowerInvariant().Replace('_', '-') + ".img.gz")), CompressionLevel.SmallestSize);
            gzip.Write(image);
        }

        using var stream = new MemoryStream(image, writable: false);
        return DiskInspector.Inspect(stream);
    }

    private static void Patch(byte[] image, long offset, uint value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan((int)offset), value);
}
