using Flashsmith.Devices;

namespace Flashsmith.Tests.Devices;

public sealed class SwapTableTests
{
    [Fact]
    public void Parses_partitions_and_files_after_the_header()
    {
        var table = SwapTable.Parse("""
            Filename				Type		Size		Used		Priority
            /dev/nvme0n1p3                          partition	8388604		0		-2
            /var/swap\040file                         file		1048572		0		-3
            """);

        Assert.Equal([new SwapArea("/dev/nvme0n1p3", "partition"), new SwapArea("/var/swap file", "file")], table.Areas);
        Assert.True(table.Areas[1].IsFile);
    }

    [Fact]
    public void No_swap_is_an_empty_table()
    {
        Assert.Empty(SwapTable.Parse("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n").Areas);
    }
}
