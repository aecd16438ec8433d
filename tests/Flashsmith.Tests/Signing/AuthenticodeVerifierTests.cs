using System.Buffers.Binary;
using Flashsmith.Signing;

namespace Flashsmith.Tests.Signing;

/// <summary>Verifying images with several signatures: any one by the trusted certificate passes; the problem names them all.</summary>
[Collection(SignedSamplesCollection.Name)]
public sealed class AuthenticodeVerifierTests(SignedSamples samples)
{
    private byte[] VendorAndOurs => AuthenticodeSigner.Sign(samples.VendorSigned, samples.Ours.Key);

    [Fact]
    public void Any_signature_by_the_trusted_certificate_passes()
    {
        var image = VendorAndOurs;

        Assert.Null(AuthenticodeVerifier.Verify(image, samples.Vendor.Certificate));
        Assert.Null(AuthenticodeVerifier.Verify(image, samples.Ours.Certificate));
    }

    [Fact]
    public void Signatures_lists_every_signer_in_order_and_whether_it_holds()
    {
        var signatures = AuthenticodeVerifier.Signatures(VendorAndOurs);
        try
        {
            Assert.Equal([1, 2], signatures.Select(s => s.Number));
            Assert.Equal([samples.Vendor.Certificate.RawData, samples.Ours.Certificate.RawData], signatures.Select(s => s.Signer!.RawData));
            Assert.All(signatures, s => Assert.True(s.Holds, s.Problem));
        }
        finally
        {
            Dispose(signatures);
        }
    }

    [Fact]
    public void Signature_by_none_of_them_names_how_many_there_were_and_who_signed_them()
    {
        var problem = AuthenticodeVerifier.Verify(VendorAndOurs, samples.Stranger.Certificate);

        Assert.Equal(
            "none of its 2 signatures verifies against CN=Someone else: " +
            "signature 1, by CN=Test Vendor Driver Signing: it was signed by another certificate than CN=Someone else; " +
            "signature 2, by CN=Flashsmith test key: it was signed by another certificate than CN=Someone else",
            problem);
    }

    [Fact]
    public void Image_with_one_signature_keeps_its_problem_text()
    {
        Assert.Equal("it was signed by another certificate than CN=Someone else", AuthenticodeVerifier.Verify(samples.VendorSigned, samples.Stranger.Certificate));
        Assert.Equal("it is not signed", AuthenticodeVerifier.Verify(samples.App, samples.Ours.Certificate));
        Assert.Empty(AuthenticodeVerifier.Signatures(samples.App));
    }

    [Fact]
    public void Changed_section_byte_fails_every_signature()
    {
        var image = VendorAndOurs;
        var layout = PeLayout.Read(image);
        var section = layout.Sections[0];
        image[section.Offset + (section.Size / 2)] ^= 0x01;
        Assert.Equal($"its PE checksum 0x{BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(layout.ChecksumOffset)):x8} does not match its contents (0x{layout.ComputeChecksum(image):x8}): it changed after signing", AuthenticodeVerifier.Verify(image, samples.Ours.Certificate));

        // With the checksum mended, each signature's own hash is what catches it.
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(layout.ChecksumOffset), layout.ComputeChecksum(image));

        const string Changed = "its contents changed after signing: the image hash does not match the signed one";
        Assert.Equal(
            $"none of its 2 signatures verifies against CN=Flashsmith test key: signature 1, by CN=Test Vendor Driver Signing: it was signed by another certificate than CN=Flashsmith test key; signature 2, by CN=Flashsmith test key: {Changed}",
            AuthenticodeVerifier.Verify(image, samples.Ours.Certificate));
        Assert.Equal(
            $"none of its 2 signatures verifies against CN=Test Vendor Driver Signing: signature 1, by CN=Test Vendor Driver Signing: {Changed}; signature 2, by CN=Flashsmith test key: it was signed by another certificate than CN=Test Vendor Driver Signing",
            AuthenticodeVerifier.Verify(image, samples.Vendor.Certificate));
        var signatures = AuthenticodeVerifier.Signatures(image);
        try
        {
            Assert.All(signatures, s => Assert.Equal(Changed, s.Problem));
        }
        finally
        {
            Dispose(signatures);
        }

        Assert.NotEqual(0, samples.Sbverify("changed-vendor.efi", image, samples.Vendor).ExitCode);
        Assert.NotEqual(0, samples.Sbverify("changed-ours.efi", image, samples.Ours).ExitCode);
    }

    [Fact]
    public void Signer_is_the_first_signatures_that_is_the_vendors()
    {
        using var signer = AuthenticodeVerifier.Signer(VendorAndOurs);

        Assert.Equal(samples.Vendor.Subject, signer!.Subject);
        Assert.Null(AuthenticodeVerifier.Signer(samples.App));
        Assert.Null(AuthenticodeVerifier.Signer("not a PE image"u8.ToArray()));
    }

    [Fact]
    public void Entry_that_is_no_pkcs7_signature_is_named_as_such()
    {
        // Our signature's WIN_CERTIFICATE type is changed from PKCS#7 SignedData (2) to 0x0ef1 (a UEFI GUID entry); the checksum is mended.
        var image = VendorAndOurs;
        var layout = PeLayout.Read(image);
        var ours = CertificateTable.Read(image, layout).Entries[1].Offset;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(ours + 6), 0x0EF1);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(layout.ChecksumOffset), layout.ComputeChecksum(image));

        Assert.Null(AuthenticodeVerifier.Verify(image, samples.Vendor.Certificate));
        Assert.Equal(
            "none of its 2 signatures verifies against CN=Flashsmith test key: signature 1, by CN=Test Vendor Driver Signing: it was signed by another certificate than CN=Flashsmith test key; " +
            $"signature 2, which is no PKCS#7 signature: it is not a PKCS#7 signature (WIN_CERTIFICATE revision 0x0200, type 0x0ef1, at 0x{ours:x} ({ours}))",
            AuthenticodeVerifier.Verify(image, samples.Ours.Certificate));
    }

    [Fact]
    public void Damaged_table_gives_a_problem_and_never_another_exception()
    {
        // Every byte of the directory entry and of the entries' headers, and random bytes of the table, each set to a few values.
        var image = VendorAndOurs;
        var layout = PeLayout.Read(image);
        var table = CertificateTable.Read(image, layout);
        var random = new Random(20260101);
        var offsets = Enumerable.Range(layout.CertificateDirectoryOffset, 8)
            .Concat(table.Entries.SelectMany(e => Enumerable.Range(e.Offset, WinCertificate.Size)))
            .Concat(Enumerable.Range(0, 64).Select(_ => random.Next(layout.CertificateTableOffset, image.Length)));
        foreach (var offset in offsets)
        {
            foreach (var value in new byte[] { 0x00, 0x07, 0x80, 0xFF, (byte)(image[offset] ^ 0x01) })
            {
                var damaged = (byte[])image.Clone();
                damaged[offset] = value;
                AuthenticodeVerifier.Verify(damaged, samples.Ours.Certificate);
                AuthenticodeVerifier.Signer(damaged)?.Dispose();
                try
                {
                    Dispose(AuthenticodeVerifier.Signatures(damaged));
                }
                catch (InvalidPeImageException)
                {
                    // The one exception Signatures throws for a damaged table.
                }
            }
        }
    }

    [Fact]
    public void Table_whose_last_entry_lacks_its_padding_is_refused_as_firmware_refuses_it()
    {
        var image = SignedSamples.WithoutLastPadding(samples.VendorSignedAt(samples.App.Length));
        var layout = PeLayout.Read(image);
        var length = layout.CertificateTableSize;

        var problem = AuthenticodeVerifier.Verify(image, samples.Vendor.Certificate);

        Assert.Equal(
            $"its certificate table ends {8 - (length % 8)} bytes short of its last entry's padding to 8 bytes (entry 1 at 0x{layout.CertificateTableOffset:x} ({layout.CertificateTableOffset}) with {length} bytes)",
            problem);
    }

    private static void Dispose(IEnumerable<AuthenticodeSignature> signatures)
    {
        foreach (var signature in signatures)
        {
            signature.Dispose();
        }
    }
}
