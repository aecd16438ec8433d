using System.Text;
using Flashsmith.Disk.Fat;
using Flashsmith.TestSupport;

namespace Flashsmith.Disk.Tests.Fat;

public sealed class FatNamesTests
{
    [Theory]
    [InlineData("BOOTX64.EFI", "BOOTX64 EFI", false)]
    [InlineData("boot.cfg", "BOOT    CFG", true)]
    [InlineData("a very long name.text", "AVERYL~1TEX", true)]
    [InlineData(".hidden", "HIDDEN~1   ", true)]
    [InlineData("dots.in.name.gz", "DOTSIN~1GZ ", true)]
    [InlineData("Ünïcödé.txt", "_N_C_D~1TXT", true)]
    public void Short_names_follow_the_basis_name_rules(string longName, string packed, bool needsLongName)
    {
        var bytes = FatNames.ShortNameFor(longName, new HashSet<string>(StringComparer.OrdinalIgnoreCase), out var needs);

        Assert.Equal(packed, Encoding.Latin1.GetString(bytes));
        Assert.Equal(needsLongName, needs);
    }

    [Fact]
    public void Numeric_tails_count_up_deterministically()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        var names = Enumerable.Range(0, 11).Select(i => FatNames.Unpack(FatNames.ShortNameFor($"long file name {i}.txt", taken, out _))).ToList();

        Assert.Equal("LONGFI~1.TXT", names[0]);
        Assert.Equal("LONGFI~9.TXT", names[8]);
        Assert.Equal("LONGF~10.TXT", names[9]);
    }

    /// <summary>
    /// Checksums read from the long-name entries mtools 4 wrote (mcopy onto an mkfs.fat image) for the short names
    /// it chose, and the specification's example name, worked by hand through its ChkSum routine.
    /// </summary>
    [Theory]
    [InlineData("AVERYL~1TXT", 0x80)]
    [InlineData("MIXEDC~1EXT", 0x64)]
    [InlineData("DOTSIN~1GZ ", 0x6F)]
    [InlineData("___     BIN", 0xA9)]
    [InlineData("FOO     BAR", 0x53)]
    public void Long_name_checksum_is_the_one_mtools_writes(string shortName, byte checksum)
    {
        Assert.Equal(checksum, LongNameEntry.ChecksumOf(Encoding.ASCII.GetBytes(shortName)));
    }

    [Fact]
    public void Long_name_checksum_agrees_with_every_long_name_entry_mtools_writes()
    {
        using var temp = new TempFolder();
        var image = temp.File("vol.img");
        ExternalTool.Check("mkfs.fat", "-C", image, "1024");
        string[] names = ["a very long file name.txt", "Mixed Case Name.Ext", "dots.in.the.name.tar.gz", "x~1 with a tilde.bin", "README.TXT"];
        foreach (var name in names)
        {
            File.WriteAllText(temp.File(name), name);
        }

        var copy = ExternalTool.Run("mcopy", ["-i", image, .. names.Select(temp.File), "::"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });
        Assert.True(copy.ExitCode == 0, copy.All);

        // The fixed root directory of the FAT12 volume mkfs.fat made, found from its BPB (offsets 11 to 23).
        var bytes = File.ReadAllBytes(image);
        var sectorSize = BitConverter.ToUInt16(bytes, 11);
        var root = (BitConverter.ToUInt16(bytes, 14) + (bytes[16] * BitConverter.ToUInt16(bytes, 22))) * sectorSize;
        var judged = new List<string>();
        var pending = new List<byte>();
        for (var at = root; bytes[at] != 0; at += 32)
        {
            if (bytes[at + 11] == 0x0F)
            {
                pending.Add(bytes[at + 13]);
                continue;
            }

            var shortName = Encoding.ASCII.GetString(bytes, at, 11);
            if (pending.Count > 0)
            {
                var ours = LongNameEntry.ChecksumOf(bytes.AsSpan(at, 11));
                Assert.All(pending, sum => Assert.True(sum == ours, $"{shortName}: mtools wrote 0x{sum:x2}, ours is 0x{ours:x2}"));
                judged.Add(shortName);
            }

            pending.Clear();
        }

        Assert.Equal(["AVERYL~1TXT", "DOTSIN~1GZ ", "MIXEDC~1EXT", "X~1WIT~1BIN"], judged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Long_names_split_into_13_character_entries_last_first()
    {
        var entries = LongNameEntry.For(new string('a', 27), 0x42);

        Assert.Equal([0x43, 0x02, 0x01], entries.Select(e => e.Order));
        Assert.Equal('\0', entries[0].Characters[1]);
        Assert.Equal('\uffff', entries[0].Characters[2]);
    }

    [Fact]
    public void Boot_sector_round_trips_and_is_512_bytes()
    {
        var geometry = FatGeometry.Choose(8192, FatType.Fat16, "x");
        var sector = new byte[FatBootSector.Size];
        FatBootSector.Create(geometry, 2048, 0xCAFEF00D, "ESP").Write(sector);

        var read = FatBootSector.Read(sector);

        Assert.Equal(512, FatBootSector.Size);
        Assert.Equal(2048u, read.HiddenSectors);
        Assert.Equal(0xCAFEF00Du, read.VolumeSerial);
        Assert.Equal("ESP", read.VolumeLabel);
        Assert.Equal("FAT16", read.FileSystemType);
        Assert.Equal(8192, read.TotalSectors);
    }

    [Fact]
    public void Boot_sector_fields_are_what_minfo_reads()
    {
        using var temp = new TempFolder();
        var image = temp.File("esp.img");
        var size = ByteSize.FromMiB(4);
        VolumeImages.Write(new FatFileSystemBuilder(new FatVolumeOptions("esp", size, FatType.Fat16, "ESP", 0xCAFEF00D, VolumeImages.Epoch, 2048)), size, image);

        var info = ExternalTool.Run("minfo", ["-i", image, "::"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MTOOLS_SKIP_CHECK"] = "1" });

        Assert.True(info.ExitCode == 0, info.All);
        foreach (var line in new[] { "sector size: 512 bytes", "small size: 8192 sectors", "fats: 2", "hidden sectors: 2048", "serial number: CAFEF00D", "disk label=\"ESP        \"", "disk type=\"FAT16   \"" })
        {
            Assert.Contains(line, info.Output.Split('\n').Select(l => l.Trim()));
        }
    }
}
