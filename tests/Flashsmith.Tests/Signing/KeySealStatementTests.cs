using System.Text;
using Flashsmith.Disk.Partitions;
using Flashsmith.Signing;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Signing;

public sealed class KeySealStatementTests
{
    private static readonly KeySealStatement Sample = new(
        "thinvisor", "1.0.0", "sample", "sample.img", 33_554_432, KeySealStatement.DefaultBlockSize,
        new Guid("3f2a1c5e-9b7d-4e6f-8a1b-2c3d4e5f6a7b"),
        [
            new SealedPartition(1, new GptEntry(new Guid("c12a7328-f81f-11d2-ba4b-00a0c93ec93b"), new Guid("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"), 128, 8319, 0x8000_0000_0000_0001, "esp"), false, [new SealedBlockRun(0, [new byte[32]])], []),
        ]);

    [Fact]
    public void What_it_writes_it_reads_back_attributes_included()
    {
        var read = KeySealStatement.Parse(Sample.ToJson());

        Assert.Equal(0x8000_0000_0000_0001UL, read.Partitions[0].Entry.Attributes);
        Assert.Equal(Sample.ToJson(), read.ToJson());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0x")]
    [InlineData("x")]
    [InlineData("8000000000000001")]
    [InlineData("0x10000000000000000")]
    [InlineData("0x 1")]
    public void Attributes_that_are_not_0x_and_hex_digits_are_refused_naming_them(string attributes)
    {
        var json = Encoding.UTF8.GetString(Sample.ToJson()).Replace("\"0x8000000000000001\"", $"\"{attributes}\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => KeySealStatement.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains($"a partition's attributes are '{attributes}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fuzzers_statement_with_empty_attributes_is_refused_as_bad_input()
    {
        // Found by the seal-statement target: "attributes": "" threw ArgumentOutOfRangeException, which verify reported as a bug.
        var input = File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "tests", "fuzz", "regressions", "seal-statement", "crash-b8c37a6d85cb"));

        Assert.Throws<InvalidDataException>(() => KeySealStatement.Parse(input));
    }
}
