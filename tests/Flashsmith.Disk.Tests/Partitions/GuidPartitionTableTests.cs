using System.Buffers.Binary;
using System.Text.Json;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Partitions;

public sealed class GuidPartitionTableTests : IDisposable
{
    private static readonly ByteSize SgdiskDiskSize = ByteSize.FromMiB(8);
    private static readonly Guid SgdiskDiskGuid = new("11223344-5566-7788-99aa-bbccddeeff00");
    private static readonly GptEntry[] SgdiskEntries =
    [
        new(GuidPartitionTable.EfiSystemType, new Guid("01020304-0506-0708-090a-0b0c0d0e0f10"), 2048, 4095, 0, "esp"),
        new(GuidPartitionTable.BasicDataType, new Guid("a1a2a3a4-b1b2-c1c2-d1d2-e1e2e3e4e5e6"), 4096, 8191, 1UL << 63, "bootbank"),
    ];

    private readonly TempFolder temp = new();
    private int crcInputs;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Sgdisk_verifies_the_table_clean()
    {
        var image = Write(SampleDisk.Build());

        var verify = ExternalTool.Run("sgdisk", "-v", image);

        Assert.True(verify.ExitCode == 0, verify.All);
        Assert.Contains("No problems found", verify.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Sfdisk_shows_our_guids_names_and_types()
    {
        var image = Write(SampleDisk.Build());
        var ids = new DeterministicIds("thinvisor 1.0.0 test");

        using var json = JsonDocument.Parse(ExternalTool.Check("sfdisk", "--json", image).Output);
        var table = json.RootElement.GetProperty("partitiontable");

        Assert.Equal("gpt", table.GetProperty("label").GetString());
        Assert.Equal(ids.GuidFor("disk").ToString().ToUpperInvariant(), table.GetProperty("id").GetString());
        var partitions = table.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal(["esp", "bootbank", "altbootbank", "unit"], partitions.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(ids.GuidFor("partition:bootbank").ToString().ToUpperInvariant(), partitions[1].GetProperty("uuid").GetString());
        Assert.Equal("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", partitions[0].GetProperty("type").GetString());
        Assert.Equal(2048, partitions[0].GetProperty("start").GetInt64());
        Assert.Equal(8192, partitions[0].GetProperty("size").GetInt64());
    }

    [Fact]
    public void Our_reader_reads_back_what_we_wrote()
    {
        using var stream = File.OpenRead(Write(SampleDisk.Build()));

        var table = PartitionTable.Read(stream);

        Assert.Equal(PartitionStyle.Gpt, table.Style);
        Assert.Empty(table.Warnings);
        Assert.Equal(new DeterministicIds("thinvisor 1.0.0 test").GuidFor("disk"), table.DiskGuid);
        Assert.Equal(["1 esp 0x100000 4194304", "2 bootbank 0x500000 12582912", "3 altbootbank 0x1100000 12582912", "4 unit 0x1d00000 2097152"],
            table.Partitions.Select(p => $"{p.Index} {p.Name} 0x{p.Offset.Bytes:x} {p.Size.Bytes}"));
    }

    [Fact]
    public void Damaged_primary_header_falls_back_to_the_backup_with_a_warning()
    {
        var image = Write(SampleDisk.Build());
        Flip(image, 512 + 40);

        using var stream = File.OpenRead(image);
        var table = PartitionTable.Read(stream);

        var header = File.ReadAllBytes(image).AsSpan(512, 92).ToArray();
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16));
        header.AsSpan(16, 4).Clear();
        Assert.Equal(4, table.Partitions.Count);
        Assert.Equal($"primary GPT: header CRC32 at sector 1 is 0x{stored:x8}, the header computes to 0x{GzipCrc32(header):x8}; read the backup instead", Assert.Single(table.Warnings));
    }

    [Fact]
    public void Damaged_entries_in_both_copies_is_an_error_naming_both()
    {
        var image = Write(SampleDisk.Build());
        Flip(image, 1024 + 100);
        Flip(image, (32 * ByteSize.MiB) - (33 * 512) + 100);

        using var stream = File.OpenRead(image);
        var error = Assert.Throws<InvalidDiskImageException>(() => PartitionTable.Read(stream));

        var bytes = File.ReadAllBytes(image);
        var backupHeader = (int)((32 * ByteSize.MiB) - 512);
        var backupEntries = (int)((32 * ByteSize.MiB) - (33 * 512));
        Assert.Equal(
            $"primary GPT: entry array CRC32 is 0x{BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(512 + 88)):x8}, the entries compute to 0x{GzipCrc32(bytes[1024..(1024 + 16384)]):x8}; "
            + $"backup GPT: entry array CRC32 is 0x{BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(backupHeader + 88)):x8}, the entries compute to 0x{GzipCrc32(bytes[backupEntries..(backupEntries + 16384)]):x8}",
            error.Message);
    }

    [Fact]
    public void Overlapping_partitions_are_refused_with_hex_and_decimal_offsets()
    {
        var ids = new DeterministicIds("x");
        var disk = new DiskImageBuilder(ByteSize.FromMiB(8), PartitionStyle.Gpt, ids, ByteSize.FromKiB(64));
        disk.AddPartition(new PartitionDefinition("a", ByteSize.FromMiB(1), ByteSize.FromMiB(2), GuidPartitionTable.BasicDataType, 0x0C), null);
        disk.AddPartition(new PartitionDefinition("b", ByteSize.FromMiB(2), ByteSize.FromMiB(2), GuidPartitionTable.BasicDataType, 0x0C), null);

        var error = Assert.Throws<DiskFormatException>(disk.Build);

        Assert.Equal("partition 'b' starts at 0x200000 (2097152), inside partition 'a' which ends at 0x300000 (3145728)", error.Message);
    }

    [Fact]
    public void Misaligned_and_out_of_bounds_partitions_are_refused()
    {
        var ids = new DeterministicIds("x");
        Assert.Equal(
            "partition 'a' starts at 0x100200 (1049088), not a multiple of the 64 KiB alignment",
            Assert.Throws<DiskFormatException>(() => GuidPartitionTable.Build(ByteSize.FromMiB(8), [new("a", new ByteSize(ByteSize.MiB + 512), ByteSize.FromMiB(1), GuidPartitionTable.BasicDataType, 0x0C)], ids, ByteSize.FromKiB(64))).Message);
        Assert.Equal(
            "partition 'a' ends at 0x800000 (8388608), past the last usable byte; the backup GPT starts at 0x7fbe00 (8371712)",
            Assert.Throws<DiskFormatException>(() => GuidPartitionTable.Build(ByteSize.FromMiB(8), [new("a", ByteSize.FromMiB(7), ByteSize.FromMiB(1), GuidPartitionTable.BasicDataType, 0x0C)], ids, ByteSize.FromKiB(64))).Message);
    }

    [Fact]
    public void Header_and_entry_sizes_match_the_specification()
    {
        Assert.Equal(92, GptHeader.Size);
        Assert.Equal(128, GptEntry.Size);
        Assert.Equal(16, MbrPartitionRecord.Size);
        Assert.Equal(34 * 512, GuidPartitionTable.FirstUsable.Bytes);
    }

    [Fact]
    public void Table_is_the_bytes_sgdisk_writes_for_the_same_disk_guids_and_partitions()
    {
        var theirs = File.ReadAllBytes(SgdiskTable());
        var path = temp.File("ours.img");
        SparseImageWriter.Write(new DiskImageLayout(SgdiskDiskSize, GuidPartitionTable.Write(SgdiskDiskSize, SgdiskDiskGuid, SgdiskEntries)), path);
        var ours = File.ReadAllBytes(path);

        var last = (int)SgdiskDiskSize.Bytes - 512;
        foreach (var (what, at) in new[] { ("primary header CRC32", 512 + 16), ("primary entry array CRC32", 512 + 88), ("backup header CRC32", last + 16), ("backup entry array CRC32", last + 88) })
        {
            Assert.Equal($"{what} 0x{BinaryPrimitives.ReadUInt32LittleEndian(theirs.AsSpan(at)):x8}", $"{what} 0x{BinaryPrimitives.ReadUInt32LittleEndian(ours.AsSpan(at)):x8}");
        }

        Assert.Equal(theirs.AsSpan(446, 66).ToArray(), ours.AsSpan(446, 66).ToArray());
        Assert.Equal(theirs.AsSpan(512, 33 * 512).ToArray(), ours.AsSpan(512, 33 * 512).ToArray());
        Assert.Equal(theirs.AsSpan(last - (32 * 512), 33 * 512).ToArray(), ours.AsSpan(last - (32 * 512), 33 * 512).ToArray());
    }

    [Fact]
    public void Headers_and_entries_sgdisk_wrote_read_and_write_back_byte_for_byte()
    {
        var theirs = File.ReadAllBytes(SgdiskTable());
        var last = (int)SgdiskDiskSize.Bytes - 512;

        foreach (var at in new[] { 512, last })
        {
            var header = GptHeader.Read(theirs.AsSpan(at));
            var again = new byte[512];
            header.Write(again);

            Assert.Equal(theirs.AsSpan(at, 512).ToArray(), again);
            Assert.Equal(SgdiskDiskGuid, header.DiskGuid);
            Assert.Equal(header.PartitionEntryArrayCrc32, Crc32.Compute(theirs.AsSpan((int)(header.PartitionEntryLba * 512), 128 * 128)));
        }

        var entries = Enumerable.Range(0, 128).Select(i => GptEntry.Read(theirs.AsSpan(1024 + (i * 128)))).ToList();
        Assert.Equal(SgdiskEntries, entries.Where(e => !e.IsUnused));
        for (var i = 0; i < entries.Count; i++)
        {
            var again = new byte[128];
            entries[i].Write(again);
            Assert.Equal(theirs.AsSpan(1024 + (i * 128), 128).ToArray(), again);
        }
    }

    /// <summary>An 8 MiB disk whose table sgdisk wrote: the disk GUID and <see cref="SgdiskEntries"/>, attribute bit 63 on the second.</summary>
    private string SgdiskTable()
    {
        var path = temp.File("sgdisk.img");
        using (var file = File.Create(path))
        {
            file.SetLength(SgdiskDiskSize.Bytes);
        }

        ExternalTool.Check(
            "sgdisk", "-o", "-U", SgdiskDiskGuid.ToString(),
            "-n", "1:2048:4095", "-t", "1:ef00", "-c", "1:esp", "-u", "1:" + SgdiskEntries[0].UniqueGuid,
            "-n", "2:4096:8191", "-t", "2:0700", "-c", "2:bootbank", "-u", "2:" + SgdiskEntries[1].UniqueGuid, "-A", "2:set:63",
            path);
        return path;
    }

    /// <summary>The CRC-32 gzip computes over <paramref name="data"/>: the first half of its trailer (RFC 1952, 2.3.1).</summary>
    private uint GzipCrc32(byte[] data)
    {
        var path = temp.File($"crc-{++crcInputs}");
        File.WriteAllBytes(path, data);
        ExternalTool.Check("gzip", "-n", "-f", path);
        var gz = File.ReadAllBytes(path + ".gz");
        return BinaryPrimitives.ReadUInt32LittleEndian(gz.AsSpan(gz.Length - 8));
    }

    private string Write(DiskImageLayout layout)
    {
        var path = temp.File("disk.img");
        File.Delete(path);
        SparseImageWriter.Write(layout, path);
        return path;
    }

    private static void Flip(string path, long offset)
    {
        using var stream = File.Open(path, FileMode.Open);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0xFF));
    }
}
