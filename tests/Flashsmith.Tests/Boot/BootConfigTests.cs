using System.Text;
using Flashsmith.Boot;

namespace Flashsmith.Tests.Boot;

public sealed class BootConfigTests
{
    [Fact]
    public void Guests_are_written_after_the_modules_and_read_back_in_order()
    {
        var config = new BootConfig(BankState.Valid, "Thinvisor", "1.0.0", 1, "/core.efi", ["ahci.efi", "e1000.efi"]) { Guests = ["hello.bin", "reader.bin"] };

        var text = config.ToText();
        var read = BootConfig.Parse(Encoding.UTF8.GetBytes(text));

        Assert.EndsWith("modules=ahci.efi --- e1000.efi\nguests=hello.bin --- reader.bin\n", text, StringComparison.Ordinal);
        Assert.Equal(["ahci.efi", "e1000.efi"], read.Modules);
        Assert.Equal(["hello.bin", "reader.bin"], read.Guests);
    }

    [Fact]
    public void Without_guests_there_is_no_guests_line_and_none_are_read()
    {
        var text = new BootConfig(BankState.Valid, "Thinvisor", "1.0.0", 1, "/core.efi", ["ahci.efi"]).ToText();

        Assert.DoesNotContain("guests=", text, StringComparison.Ordinal);
        Assert.Empty(BootConfig.Parse(Encoding.UTF8.GetBytes(text)).Guests);
    }
}
