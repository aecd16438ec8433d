using System.Buffers.Binary;
using System.IO.Compression;
using Flashsmith.Disk.Fat;
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
    public void Short_name_that_would_climb_out_of_its_folder_is_reported()
    {
        var image = (byte[])Images.Bytes.Clone();
        "/..        "u8.CopyTo(image.AsSpan((int)Images.EntryOffset(image, 0, "A")));

        var volume = Inspect(image).Volumes[1];

        Assert.Equal("an entry of directory '/' has a damaged short name: it holds the byte 0x2f at 0, which short names may not", volume.Problem);
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

    /// <summary>
    /// Seeded random damage: bytes changed, and the image cut, as a file cut short (its table is refused unless
    /// the cut falls in the backup GPT: the primary header's usable sectors no longer fit) or as a write cut
    /// short, its bytes from the cut on reading erased, which leaves table and boot sector to the reader when the
    /// cut falls past them. Every sample is read through; enough cuts in each part of the bank reach its directories.
    /// </summary>
    [Fact]
    public void Random_damage_never_crashes_or_hangs_and_cuts_across_the_bank_reach_its_directory_reader()
    {
        var regions = DamageRegions();
        var image = (byte[])Images.Bytes.Clone();
        var random = new Random(20260101);
        var reached = new Dictionary<(Cut, string), (int Samples, int Reached)>();
        const int samples = 2000;
        for (var sample = 0; sample < samples; sample++)
        {
            // Up to 12 bytes changed, each in a region drawn first (so the small FAT, root directory and tables
            // are hit as often as the large empty stretches), then a cut at a byte of a region drawn the same way.
            var damage = Enumerable.Range(0, random.Next(1, 13)).Select(_ => (At: Draw(random, regions).At, Value: (byte)random.Next(256))).ToArray();
            var cut = (Cut)random.Next(4);
            var (region, at) = Draw(random, regions);
            region = cut == Cut.None ? "no cut" : region;
            var what = $"sample {sample}: {cut} at 0x{at:x} in {region}; bytes {string.Join(", ", damage.Select(d => $"0x{d.At:x}=0x{d.Value:x2}"))}";

            foreach (var (offset, value) in damage)
            {
                image[offset] = value;
            }

            Reading reading;
            using (var stream = cut switch
            {
                Cut.Truncated => new MemoryStream(image, 0, (int)at, writable: false),
                Cut.ErasedToZero => new ErasedFrom(image, at, 0x00),
                Cut.ErasedToOnes => new ErasedFrom(image, at, 0xFF),
                _ => new MemoryStream(image, writable: false),
            })
            {
                reading = ReadEverything(stream, what);
            }

            foreach (var (offset, _) in damage)
            {
                image[offset] = Images.Bytes[offset];
            }

            if (cut == Cut.Truncated && at < HostileImages.DiskSize - GuidPartitionTable.BackupSize.Bytes)
            {
                // The primary header's usable sectors no longer fit the disk and the backup is gone: the table is refused.
                Assert.True(reading.Report is null && reading.Problems.Count == 1, $"{what}: a table cut short of its backup was read");
            }

            var bank = reading.Report?.Volumes.SingleOrDefault(v => v.Partition.Name == "bootbank");
            var counts = reached.GetValueOrDefault((cut, region));
            reached[(cut, region)] = (counts.Samples + 1, counts.Reached + (bank?.Type is not null ? 1 : 0));
        }

        var total = reached.Values.Sum(v => v.Reached);
        var summary = $"{total} of {samples} samples reached the bank's directories:\n"
            + string.Join("\n", reached.OrderBy(r => r.Key).Select(r => $"{r.Key.Item1} in {r.Key.Item2}: {r.Value.Reached} of {r.Value.Samples}"));
        foreach (var region in new[] { "the bank's FATs", "the bank's root directory", "the bank's clusters in use", "the bank's free clusters", "the backup GPT" })
        {
            foreach (var cut in new[] { Cut.ErasedToZero, Cut.ErasedToOnes })
            {
                var (count, walked) = reached[(cut, region)];
                Assert.True(count >= 40 && walked * 3 >= count, $"{cut} in {region}: {walked} of {count}\n{summary}");
            }
        }

        Assert.True(reached[(Cut.Truncated, "the backup GPT")].Reached > 0, summary);
        Assert.True(total * 3 >= samples, summary);
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

        using var stream = new MemoryStream(bytes, writable: false);
        var problems = ReadEverything(stream).Problems;

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
        using var stream = new MemoryStream(Images.Bytes, writable: false);

        Assert.Empty(ReadEverything(stream).Problems);
    }

    /// <summary>
    /// Reads table, trees and every file of each volume the reader found sound, within seconds; gives every
    /// problem found (a volume's, or the one an <see cref="InvalidDiskImageException"/> carries), each checked to
    /// be one non-empty line, and the report when the table could be read. Any other exception fails the test,
    /// named by <paramref name="what"/>.
    /// </summary>
    private static Reading ReadEverything(Stream stream, string what = "")
    {
        var work = Task.Run(() =>
        {
            var problems = new List<string>();
            DiskReport? report = null;
            try
            {
                report = DiskInspector.Inspect(stream);
                problems.AddRange(report.Volumes.Where(v => v.Problem is not null).Select(v => v.Problem!));
                foreach (var volume in report.Volumes.Where(v => v.Type is not null && v.Problem is null))
                {
                    var fs = DiskInspector.Open(stream, volume.Partition)!;
                    foreach (var entry in volume.Entries.Where(e => !e.IsDirectory))
                    {
                        Assert.True(entry.Size == fs.ReadFile(entry.Path).Length, $"{what}: '{entry.Path}' does not read back at its size");
                    }
                }
            }
            catch (InvalidDiskImageException ex)
            {
                problems.Add(ex.Message);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{what}: {ex.GetType().Name}: {ex.Message}", ex);
            }

            Assert.All(problems, p => Assert.True(System.Text.RegularExpressions.Regex.IsMatch(p, @"^\S[^\n]*$"), $"{what}: '{p}' is not one line"));
            return new Reading(problems, report);
        });
        Assert.True(work.Wait(TimeSpan.FromSeconds(10)), $"{what}: reading a damaged image did not finish");
        return work.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The stretches of the disk damage is drawn from: its tables, the ESP, and each part of the bank (boot
    /// sector, FATs, root directory, the clusters its files use, its free clusters), then what follows it.
    /// </summary>
    private static (string Name, long Start, long End)[] DamageRegions()
    {
        var bank = HostileImages.BankOffset;
        var g = Images.Bank.Geometry;
        var sector = FatGeometry.SectorSize;
        var backup = HostileImages.DiskSize - GuidPartitionTable.BackupSize.Bytes;
        return
        [
            ("the GPT head", 0, GuidPartitionTable.FirstUsable.Bytes),
            ("the ESP", ByteSize.MiB, 2 * ByteSize.MiB),
            ("the bank's boot sector", bank, bank + (g.FirstFatSector * sector)),
            ("the bank's FATs", bank + (g.FirstFatSector * sector), bank + (g.RootDirSector * sector)),
            ("the bank's root directory", bank + (g.RootDirSector * sector), bank + (g.FirstDataSector * sector)),
            ("the bank's clusters in use", bank + (g.FirstDataSector * sector), bank + g.ClusterOffset(2 + Images.Bank.UsedClusters)),
            ("the bank's free clusters", bank + g.ClusterOffset(2 + Images.Bank.UsedClusters), bank + (g.TotalSectors * sector)),
            ("the space after the bank", bank + (g.TotalSectors * sector), backup),
            ("the backup GPT", backup, HostileImages.DiskSize),
        ];
    }

    private static (string Region, long At) Draw(Random random, (string Name, long Start, long End)[] regions)
    {
        var (name, start, end) = regions[random.Next(regions.Length)];
        return (name, random.NextInt64(start, end));
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

    /// <summary>What follows the cut: nothing (a file cut short), or bytes that read erased (a write cut short).</summary>
    private enum Cut
    {
        None,
        Truncated,
        ErasedToZero,
        ErasedToOnes,
    }

    /// <summary>An image whose bytes from <paramref name="cut"/> on read as <paramref name="fill"/>, as after a write cut short.</summary>
    private sealed class ErasedFrom(byte[] image, long cut, byte fill) : MemoryStream(image, writable: false)
    {
        // A MemoryStream subclass reads spans through this overload too.
        public override int Read(byte[] buffer, int offset, int count)
        {
            var start = Position;
            var read = base.Read(buffer, offset, count);
            if (start + read > cut)
            {
                buffer.AsSpan(offset + (int)Math.Max(0, cut - start), read - (int)Math.Max(0, cut - start)).Fill(fill);
            }

            return read;
        }

        public override int ReadByte()
        {
            var at = Position;
            var value = base.ReadByte();
            return value >= 0 && at >= cut ? fill : value;
        }
    }

    private sealed record Reading(IReadOnlyList<string> Problems, DiskReport? Report);
}
