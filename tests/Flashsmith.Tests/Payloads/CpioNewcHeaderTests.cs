using System.Text;
using Flashsmith.Payloads;

namespace Flashsmith.Tests.Payloads;

public sealed class CpioNewcHeaderTests
{
    private static readonly CpioNewcHeader Sample = new(1, 0x81ED, 0, 0, 1, 0x6592_0080, 5000, 0, 0, 0, 0, 12, 0);

    [Fact]
    public void A_header_is_110_bytes_the_magic_and_thirteen_fields_of_eight_upper_case_hexadecimal_digits()
    {
        var bytes = new byte[CpioNewcHeader.Size];

        Sample.Write(bytes);

        Assert.Equal(110, CpioNewcHeader.Size);
        Assert.Equal(
            "070701" + "00000001" + "000081ED" + "00000000" + "00000000" + "00000001" + "65920080" + "00001388"
                + "00000000" + "00000000" + "00000000" + "00000000" + "0000000C" + "00000000",
            Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void A_written_header_reads_back_the_same()
    {
        var all = new CpioNewcHeader(0xFFFFFFFF, 0xA1FF, 7, 8, 2, 0x12345678, 0xFFFFFFFE, 1, 2, 3, 4, 4096, 9);
        var bytes = new byte[CpioNewcHeader.Size];

        all.Write(bytes);

        Assert.Equal(all, CpioNewcHeader.Read(bytes));
        Assert.Equal(CpioFileType.SymbolicLink, all.Type);
    }

    [Fact]
    public void Lower_case_digits_read_as_GNU_cpio_writes_them()
    {
        var bytes = new byte[CpioNewcHeader.Size];
        Sample.Write(bytes);

        Assert.Equal(Sample, CpioNewcHeader.Read(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(bytes).ToLowerInvariant())));
    }

    [Theory]
    [InlineData(0, "ino")]
    [InlineData(1, "mode")]
    [InlineData(6, "filesize")]
    [InlineData(11, "namesize")]
    [InlineData(12, "check")]
    public void A_field_with_a_character_that_is_not_a_hexadecimal_digit_is_named(int field, string name)
    {
        foreach (var bad in new[] { (byte)'g', (byte)' ', (byte)'+', (byte)'x', (byte)0 })
        {
            var bytes = new byte[CpioNewcHeader.Size];
            Sample.Write(bytes);
            var at = 6 + (field * 8) + 3;
            var digits = Encoding.ASCII.GetString(bytes, 6 + (field * 8), 8);
            bytes[at] = bad;

            var ex = Assert.Throws<InvalidDataException>(() => CpioNewcHeader.Read(bytes));

            var shown = digits[..3] + (bad is >= 0x20 and < 0x7F ? ((char)bad).ToString() : $"\\x{bad:X2}") + digits[4..];
            Assert.Equal($"its {name} field is '{shown}', not eight hexadecimal digits", ex.Message);
        }
    }

    [Theory]
    [InlineData("070702", "070702")]
    [InlineData("070707", "070707")]
    [InlineData("\x1F\x8B\x08\x00\x00\x00", "\\x1F\\x8B\\x08\\x00\\x00\\x00")]
    public void Another_magic_is_refused_and_shown(string magic, string shown)
    {
        var bytes = new byte[CpioNewcHeader.Size];
        Sample.Write(bytes);
        Encoding.Latin1.GetBytes(magic).CopyTo(bytes, 0);

        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcHeader.Read(bytes));

        Assert.Equal($"the magic is '{shown}', not '070701' (a newc cpio header)", ex.Message);
    }

    [Fact]
    public void A_header_cut_short_is_refused()
    {
        var ex = Assert.Throws<InvalidDataException>(() => CpioNewcHeader.Read(new byte[109]));

        Assert.Equal("the header is cut short: 109 of 110 bytes", ex.Message);
    }
}
