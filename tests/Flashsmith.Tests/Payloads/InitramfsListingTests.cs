using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Payloads;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Payloads;

public sealed class InitramfsListingTests : IDisposable
{
    private const uint Epoch = 1_704_067_200;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Only_the_gzip_files_that_hold_a_cpio_archive_are_found_each_with_its_partition_and_members()
    {
        using var image = Image();
        var report = DiskInspector.Inspect(image);

        var found = InitramfsListing.Find(image, report);

        Assert.Equal([("bootbank", "/boot/initrd.gz"), ("altbootbank", "/boot/initrd.gz")], found.Select(f => (f.Partition.Name, f.Path)));
        Assert.Equal(["etc", "init"], found[0].Entries.Select(e => e.Path));
        Assert.Equal(["init"], found[1].Entries.Select(e => e.Path));
        Assert.Equal((CpioFileType.RegularFile, 0x1EDu, 0u, 0u, Epoch), (found[0].Entries[1].Type, (uint)found[0].Entries[1].Permissions, found[0].Entries[1].Uid, found[0].Entries[1].Gid, found[0].Entries[1].ModifiedSeconds));
    }

    [Fact]
    public void A_file_the_report_gives_as_larger_than_the_cap_is_not_read()
    {
        using var image = Image();
        var report = DiskInspector.Inspect(image);
        var bank = report.Volumes[0];
        var larger = bank with
        {
            Entries = [.. bank.Entries.Select(e => e.Path == "/boot/initrd.gz" ? e with { Size = InitramfsListing.MaxFileSize.Bytes + 1 } : e)],
        };

        var found = InitramfsListing.Find(image, report with { Volumes = [larger, .. report.Volumes.Skip(1)] });

        Assert.Equal(["altbootbank"], found.Select(f => f.Partition.Name));
    }

    [Fact]
    public void A_damaged_volume_is_not_looked_into()
    {
        using var image = Image();
        var report = DiskInspector.Inspect(image);

        var found = InitramfsListing.Find(image, report with { Volumes = [report.Volumes[0] with { Problem = "damaged" }, .. report.Volumes.Skip(1)] });

        Assert.Equal(["altbootbank"], found.Select(f => f.Partition.Name));
    }

    /// <summary>
    /// Two banks with an initramfs at the same path; beside the first, gzip of text, an archive cut short, a file that
    /// is not gzip and an empty file.
    /// </summary>
    private FileStream Image()
    {
        var ids = new DeterministicIds("initramfs listing");
        var disk = new DiskImageBuilder(ByteSize.FromMiB(4), PartitionStyle.Gpt, ids, ByteSize.FromKiB(64));
        var first = Bank("bootbank", "BOOTBANK", 2048);
        first.AddFile("/boot/initrd.gz", DataSource.FromBytes(Archive(w =>
        {
            w.AddDirectory("etc", (UnixFileMode)0x1ED);
            w.AddFile("init", (UnixFileMode)0x1ED, "#!/bin/sh\n"u8);
        })));
        first.AddFile("/boot/vmlinuz.gz", DataSource.FromBytes(DeterministicGzip.Compress("a kernel, not an archive"u8)));
        var cut = Archive(w => w.AddFile("init", (UnixFileMode)0x1ED, "#!/bin/sh\n"u8));
        first.AddFile("/boot/cut.gz", DataSource.FromBytes(cut.AsMemory(0, cut.Length - 1)));
        first.AddFile("/boot.cfg", DataSource.FromBytes("bootstate=0\n"u8.ToArray()));
        first.AddFile("/empty", DataSource.FromBytes(Array.Empty<byte>()));
        var second = Bank("altbootbank", "ALTBOOTBANK", 4096);
        second.AddFile("/boot/initrd.gz", DataSource.FromBytes(Archive(w => w.AddFile("init", (UnixFileMode)0x1ED, "#!/bin/sh\n"u8))));
        disk.AddPartition(new PartitionDefinition("bootbank", ByteSize.FromMiB(1), ByteSize.FromMiB(1), GuidPartitionTable.BasicDataType, 0x0C), first.Build());
        disk.AddPartition(new PartitionDefinition("altbootbank", ByteSize.FromMiB(2), ByteSize.FromMiB(1), GuidPartitionTable.BasicDataType, 0x0C), second.Build());
        var path = temp.File($"disk-{Guid.NewGuid():N}.img");
        SparseImageWriter.Write(disk.Build(), path);
        return File.OpenRead(path);
    }

    private static FatFileSystemBuilder Bank(string name, string label, uint hiddenSectors) =>
        new(new FatVolumeOptions(name, ByteSize.FromMiB(1), FatType.Fat12, label, 7, DateTimeOffset.FromUnixTimeSeconds(Epoch), hiddenSectors));

    private static byte[] Archive(Action<CpioNewcWriter> add)
    {
        using var cpio = new MemoryStream();
        var writer = new CpioNewcWriter(cpio, Epoch);
        add(writer);
        writer.Finish();
        return DeterministicGzip.Compress(cpio.ToArray());
    }
}
