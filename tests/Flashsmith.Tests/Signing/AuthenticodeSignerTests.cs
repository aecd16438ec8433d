using System.Buffers.Binary;
using Flashsmith.Signing;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Signing;

/// <summary>Signing images that are signed already: theirs kept byte for byte, ours added after them, judged by sbverify.</summary>
[Collection(SignedSamplesCollection.Name)]
public sealed class AuthenticodeSignerTests(SignedSamples samples)
{
    [Fact]
    public void File_its_vendor_signed_with_sbsign_keeps_that_signature_and_gets_ours_after_it()
    {
        var signed = AuthenticodeSigner.Sign(samples.VendorSigned, samples.Ours.Key);

        var list = ExternalTool.Run("sbverify", "--list", samples.Write("vendor-ours.efi", signed));
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Contains("signature 1\n", list.Output, StringComparison.Ordinal);
        Assert.Contains("signature 2\n", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("signature 3", list.Output, StringComparison.Ordinal);
        Assert.True(list.Output.IndexOf("/CN=Test Vendor Driver Signing", StringComparison.Ordinal) < list.Output.IndexOf("/CN=Flashsmith test key", StringComparison.Ordinal), list.Output);

        // The vendor's entry is unchanged, and so is everything its hash covers: the file up to the table.
        var before = PeLayout.Read(samples.VendorSigned);
        Assert.Equal(SignedSamples.Entries(samples.VendorSigned)[0], SignedSamples.Entries(signed)[0]);
        Assert.Equal(before.AuthenticodeHash(samples.VendorSigned), PeLayout.Read(signed).AuthenticodeHash(signed));
        Assert.Equal(before.CertificateTableOffset, PeLayout.Read(signed).CertificateTableOffset);

        AssertSbverify(signed, "vendor-ours", samples.Vendor, samples.Ours);
        Assert.NotEqual(0, samples.Sbverify("vendor-ours-stranger.efi", signed, samples.Stranger).ExitCode);
        Assert.Null(AuthenticodeVerifier.Verify(signed, samples.Vendor.Certificate));
        Assert.Null(AuthenticodeVerifier.Verify(signed, samples.Ours.Certificate));
    }

    [Fact]
    public void Xen_signed_by_us_and_then_by_a_second_key_carries_both_signatures_and_each_verifies()
    {
        var ours = AuthenticodeSigner.Sign(samples.Xen, samples.Ours.Key);
        var both = AuthenticodeSigner.Sign(ours, samples.Second.Key);

        var list = ExternalTool.Run("sbverify", "--list", samples.Write("xen-both.efi", both));
        Assert.Contains("signature 2\n", list.Output, StringComparison.Ordinal);
        Assert.Equal(SignedSamples.Entries(ours)[0], SignedSamples.Entries(both)[0]);
        Assert.Equal(PeLayout.Read(ours).CertificateTableOffset, PeLayout.Read(both).CertificateTableOffset);
        AssertSbverify(both, "xen-both", samples.Ours, samples.Second);
        Assert.NotEqual(0, samples.Sbverify("xen-both-stranger.efi", both, samples.Stranger).ExitCode);
        Assert.Null(AuthenticodeVerifier.Verify(both, samples.Ours.Certificate));
        Assert.Null(AuthenticodeVerifier.Verify(both, samples.Second.Certificate));

        var signatures = AuthenticodeVerifier.Signatures(both);
        try
        {
            Assert.Equal([samples.Ours.Subject, samples.Second.Subject], signatures.Select(s => s.Signer!.Subject));
            Assert.All(signatures, s => Assert.True(s.Holds, s.Problem));
        }
        finally
        {
            Dispose(signatures);
        }
    }

    [Fact]
    public void Signing_twice_gives_the_same_bytes()
    {
        Assert.Equal(AuthenticodeSigner.Sign(samples.VendorSigned, samples.Ours.Key), AuthenticodeSigner.Sign(samples.VendorSigned, samples.Ours.Key));
        Assert.Equal(AuthenticodeSigner.Sign(samples.App, samples.Ours.Key), AuthenticodeSigner.Sign(samples.App, samples.Ours.Key));
    }

    [Fact]
    public void File_that_carries_a_signature_by_the_same_key_already_is_given_back_unchanged()
    {
        var once = AuthenticodeSigner.Sign(samples.VendorSigned, samples.Ours.Key);

        Assert.Equal(once, AuthenticodeSigner.Sign(once, samples.Ours.Key));
    }

    [Fact]
    public void Table_off_an_8_byte_boundary_stays_where_it_is_so_the_signature_there_still_holds()
    {
        // Three bytes after the last section put the table off the 8-byte boundary; a signer that leaves it there signed the file.
        var unaligned = samples.VendorSignedAt(samples.App.Length + 3);
        Assert.Equal(3, PeLayout.Read(unaligned).CertificateTableOffset % 8);
        Assert.Equal(0, samples.Sbverify("unaligned.efi", unaligned, samples.Vendor).ExitCode);

        var signed = AuthenticodeSigner.Sign(unaligned, samples.Ours.Key);

        Assert.Equal(PeLayout.Read(unaligned).CertificateTableOffset, PeLayout.Read(signed).CertificateTableOffset);
        Assert.Equal(SignedSamples.Entries(unaligned)[0], SignedSamples.Entries(signed)[0]);
        AssertSbverify(signed, "unaligned-ours", samples.Vendor, samples.Ours);
        Assert.Null(AuthenticodeVerifier.Verify(signed, samples.Vendor.Certificate));
        Assert.Null(AuthenticodeVerifier.Verify(signed, samples.Ours.Certificate));
    }

    [Fact]
    public void Last_entry_without_its_padding_gets_it_before_ours()
    {
        var padded = samples.VendorSignedAt(samples.App.Length);
        var layout = PeLayout.Read(padded);
        var unpadded = SignedSamples.WithoutLastPadding(padded);
        var length = PeLayout.Read(unpadded).CertificateTableSize;
        Assert.Equal(0, samples.Sbverify("unpadded.efi", unpadded, samples.Vendor).ExitCode);

        var signed = AuthenticodeSigner.Sign(unpadded, samples.Ours.Key);

        Assert.Equal(SignedSamples.Entries(padded)[0], SignedSamples.Entries(signed)[0]);
        Assert.Equal((length + 7) & ~7, CertificateTable.Read(signed, PeLayout.Read(signed)).Entries[1].Offset - layout.CertificateTableOffset);
        AssertSbverify(signed, "unpadded-ours", samples.Vendor, samples.Ours);
        Assert.Null(AuthenticodeVerifier.Verify(signed, samples.Vendor.Certificate));
    }

    [Fact]
    public void Table_that_is_not_last_in_the_file_is_refused()
    {
        var layout = PeLayout.Read(samples.VendorSigned);
        var trailing = samples.VendorSigned.Concat(new byte[16]).ToArray();

        var error = Assert.Throws<InvalidPeImageException>(() => AuthenticodeSigner.Sign(trailing, samples.Ours.Key));

        var end = layout.CertificateTableOffset + layout.CertificateTableSize;
        Assert.Equal(
            $"the PE certificate table at 0x{layout.CertificateTableOffset:x} ({layout.CertificateTableOffset}) with {layout.CertificateTableSize} bytes ends at 0x{end:x} ({end}), " +
            "and 16 bytes of the file follow it: Authenticode requires the certificate table to be last in the file, so no signature can be added to it",
            error.Message);
    }

    [Fact]
    public void Table_whose_entries_do_not_add_up_is_refused()
    {
        // The table claims 8 bytes more than the vendor's entry, and the 8 bytes there claim an entry of 4096.
        var layout = PeLayout.Read(samples.VendorSigned);
        var extra = samples.VendorSigned.Concat(new byte[8]).ToArray();
        var second = samples.VendorSigned.Length;
        BinaryPrimitives.WriteInt32LittleEndian(extra.AsSpan(second), 4096);
        BinaryPrimitives.WriteInt32LittleEndian(extra.AsSpan(layout.CertificateDirectoryOffset + 4), layout.CertificateTableSize + 8);

        var error = Assert.Throws<InvalidPeImageException>(() => AuthenticodeSigner.Sign(extra, samples.Ours.Key));

        Assert.Equal(
            $"the PE certificate table at 0x{layout.CertificateTableOffset:x} ({layout.CertificateTableOffset}) with {layout.CertificateTableSize + 8} bytes does not add up: " +
            $"entry 2 at 0x{second:x} ({second}) claims 4096 bytes, but 8 are left in the table",
            error.Message);
    }

    [Fact]
    public void Unsigned_file_is_signed_as_before_with_one_entry()
    {
        var signed = AuthenticodeSigner.Sign(samples.App, samples.Ours.Key);

        Assert.Single(SignedSamples.Entries(signed));
        Assert.Equal(0, signed.Length % 8);
        AssertSbverify(signed, "app-ours", samples.Ours);
    }

    private void AssertSbverify(byte[] image, string name, params SignedSamples.TestKey[] keys)
    {
        foreach (var key in keys)
        {
            var run = samples.Sbverify($"{name}-{Path.GetFileName(key.KeyFile)}.efi", image, key);
            Assert.True(run.ExitCode == 0 && run.All.Contains("Signature verification OK", StringComparison.Ordinal), $"{key.Subject}: {run.All}");
        }
    }

    private static void Dispose(IEnumerable<AuthenticodeSignature> signatures)
    {
        foreach (var signature in signatures)
        {
            signature.Dispose();
        }
    }
}
