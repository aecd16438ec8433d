using System.Text;
using Flashsmith.Disk.Fat;

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

    [Fact]
    public void Long_name_checksum_matches_the_specification_example()
    {
        // The sum the specification's ChkSum routine gives for "FOO     BAR".
        var expected = 0;
        foreach (var c in "FOO     BAR")
        {
            expected = ((expected & 1) != 0 ? 0x80 : 0) + (expected >> 1) + c;
            expected &= 0xFF;
        }

        Assert.Equal((byte)expected, LongNameEntry.ChecksumOf(Encoding.ASCII.GetBytes("FOO     BAR")));
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
}
