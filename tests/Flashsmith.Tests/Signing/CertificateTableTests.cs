using Flashsmith.Signing;

namespace Flashsmith.Tests.Signing;

/// <summary>Walking a certificate table as firmware does: from the table's start, entry by entry, each padded to 8 bytes.</summary>
[Collection(SignedSamplesCollection.Name)]
public sealed class CertificateTableTests(SignedSamples samples)
{
    [Fact]
    public void Entries_follow_each_other_at_8_byte_boundaries_from_the_tables_start()
    {
        var image = AuthenticodeSigner.Sign(samples.VendorSignedAt(samples.App.Length + 3), samples.Ours.Key);
        var layout = PeLayout.Read(image);

        var table = CertificateTable.Read(image, layout);

        Assert.Equal(2, table.Entries.Count);
        Assert.Equal(layout.CertificateTableOffset, table.Entries[0].Offset);
        Assert.Equal(table.Entries[0].Offset + table.Entries[0].Header.PaddedLength, table.Entries[1].Offset);
        Assert.Equal(table.Size, table.PaddedSize);
        Assert.Null(table.PaddingProblem(image));
    }

    [Fact]
    public void Unsigned_image_has_an_empty_table()
    {
        var table = CertificateTable.Read(samples.App, PeLayout.Read(samples.App));

        Assert.Empty(table.Entries);
        Assert.Equal(0, table.PaddedSize);
    }

    [Fact]
    public void Padding_that_is_not_zeros_is_named()
    {
        var image = (byte[])samples.VendorSignedAt(samples.App.Length).Clone();
        var layout = PeLayout.Read(image);
        var table = CertificateTable.Read(image, layout);
        image[^1] = 0x01;

        Assert.Equal($"its certificate table's entry 1 at 0x{table.Offset:x} ({table.Offset}) is padded to 8 bytes with other bytes than zeros", table.PaddingProblem(image));
    }

    [Fact]
    public void Table_too_short_for_another_header_does_not_add_up()
    {
        var image = samples.VendorSignedAt(samples.App.Length).Concat(new byte[4]).ToArray();
        var layout = PeLayout.Read(image);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan(layout.CertificateDirectoryOffset + 4), layout.CertificateTableSize + 4);

        var error = Assert.Throws<InvalidPeImageException>(() => CertificateTable.Read(image, PeLayout.Read(image)));

        Assert.Equal($"the PE certificate table at 0x{layout.CertificateTableOffset:x} ({layout.CertificateTableOffset}) with {layout.CertificateTableSize + 4} bytes does not add up: 4 bytes are left after its 1 entry, too few for a WIN_CERTIFICATE header (8 bytes)", error.Message);
    }
}
