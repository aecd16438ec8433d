using System.Text.Json;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Partitions;

public sealed class GuidPartitionTableTests : IDisposable
{
    private readonly TempFolder temp = new();

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

        Assert.Equal(4, table.Partitions.Count);
        Assert.StartsWith("primary GPT: header CRC32 at sector 1 is 0x", Assert.Single(table.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_entries_in_both_copies_is_an_error_naming_both()
    {
        var image = Write(SampleDisk.Build());
        Flip(image, 1024 + 100);
        Flip(image, (32 * ByteSize.MiB) - (33 * 512) + 100);

        using var stream = File.OpenRead(image);
        var error = Assert.Throws<InvalidDiskImageException>(() => PartitionTable.Read(stream));

        Assert.Matches("^primary GPT: entry array CRC32 is 0x[0-9a-f]{8}, the entries compute to 0x[0-9a-f]{8}; backup GPT: entry array CRC32 is", error.Message);
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
    public void Header_round_trips_byte_for_byte()
    {
        var header = new GptHeader(GptHeader.EfiPartSignature, GptHeader.Revision10, 92, 0, 1, 65535, 34, 65502, Guid.Parse("11223344-5566-7788-99aa-bbccddeeff00"), 2, 128, 128, 0xdeadbeef);
        var bytes = new byte[512];
        header.Write(bytes);

        var read = GptHeader.Read(bytes);
        var again = new byte[512];
        read.Write(again);

        Assert.Equal(bytes, again);
        Assert.Equal(GptHeader.ComputeCrc(bytes, 92), read.HeaderCrc32);
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
