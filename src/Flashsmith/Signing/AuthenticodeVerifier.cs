using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Disk;

namespace Flashsmith.Signing;

/// <summary>
/// Checks a PE/EFI image's Authenticode signatures, as the firmware would: the image passes when any one
/// entry of its certificate table is a signature by the trusted certificate that holds for the image's hash.
/// It reads untrusted bytes: whatever they hold, the answer is a problem text, never an exception.
/// </summary>
public static class AuthenticodeVerifier
{
    /// <summary>Null when the image is signed by <paramref name="trusted"/> and unchanged since, else what is wrong.</summary>
    public static string? Verify(byte[] image, X509Certificate2 trusted)
    {
        PeLayout layout;
        CertificateTable table;
        try
        {
            layout = PeLayout.Read(image);
            table = CertificateTable.Read(image, layout);
        }
        catch (InvalidPeImageException ex)
        {
            return ex.Message;
        }

        if (ImageProblem(image, layout, table) is { } problem)
        {
            return problem;
        }

        var imageHash = layout.AuthenticodeHash(image);
        var problems = new List<string>();
        foreach (var (offset, header) in table.Entries)
        {
            var entryProblem = Check(image, offset, header, imageHash, trusted);
            if (entryProblem is null)
            {
                return null;
            }

            problems.Add(entryProblem);
        }

        return problems.Count == 1
            ? problems[0]
            : $"none of its {problems.Count} signatures verifies against {trusted.Subject}: " +
                string.Join("; ", table.Entries.Select((e, i) => $"signature {i + 1}, {Who(image, e.Offset, e.Header)}: {problems[i]}"));
    }

    /// <summary>
    /// Every entry of <paramref name="image"/>'s certificate table, in order, with the certificate it names as its
    /// signer and whether it holds for the image as it is (checked with that certificate's own key; whether to trust
    /// it is the caller's question); empty when the image is not signed. Throws <see cref="InvalidPeImageException"/>
    /// when the image is not a PE image or its table is damaged. The caller disposes the signatures.
    /// </summary>
    public static IReadOnlyList<AuthenticodeSignature> Signatures(byte[] image)
    {
        var layout = PeLayout.Read(image);
        var table = CertificateTable.Read(image, layout);
        if (table.Entries.Count == 0)
        {
            return [];
        }

        // Damage to the file as a whole (a table firmware cannot walk, a checksum that does not match) is every signature's problem.
        var imageProblem = ImageProblem(image, layout, table);
        var imageHash = layout.AuthenticodeHash(image);
        var signatures = new List<AuthenticodeSignature>();
        foreach (var (offset, header) in table.Entries)
        {
            var signer = SignerOf(image, offset, header);
            var problem = imageProblem ?? Check(image, offset, header, imageHash, signer);
            signatures.Add(new AuthenticodeSignature(signatures.Count + 1, signer, problem));
        }

        return signatures;
    }

    /// <summary>
    /// The certificate the image's first signature names as its signer (not checked); null when it carries none or
    /// is no PE image with a sound certificate table. The first signature is the original one: a build that signs a
    /// file its vendor signed adds its own after the vendor's. <see cref="Signatures"/> gives them all.
    /// </summary>
    public static X509Certificate2? Signer(byte[] image)
    {
        try
        {
            var layout = PeLayout.Read(image);
            var table = CertificateTable.Read(image, layout);
            return table.Entries.Count == 0 ? null : SignerOf(image, table.Entries[0].Offset, table.Entries[0].Header);
        }
        catch (InvalidPeImageException)
        {
            return null;
        }
    }

    /// <summary>Null when the image has a sound certificate table with a signature to check and its checksum holds, else what is wrong.</summary>
    private static string? ImageProblem(byte[] image, PeLayout layout, CertificateTable table)
    {
        if (table.Entries.Count == 0)
        {
            return "it is not signed";
        }

        if (table.PaddingProblem(image) is { } padding)
        {
            return padding;
        }

        if (!table.Entries.Any(e => e.Header.IsPkcsSignedData))
        {
            return "its certificate table holds no PKCS#7 signature";
        }

        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(layout.ChecksumOffset));
        var computed = layout.ComputeChecksum(image);
        return checksum == computed
            ? null
            : $"its PE checksum 0x{checksum:x8} does not match its contents (0x{computed:x8}): it changed after signing";
    }

    /// <summary>Null when the entry at <paramref name="offset"/> is a signature by <paramref name="trusted"/> over <paramref name="imageHash"/>, else why not.</summary>
    private static string? Check(byte[] image, int offset, WinCertificate header, byte[] imageHash, X509Certificate2? trusted)
    {
        if (!header.IsPkcsSignedData)
        {
            return $"it is not a PKCS#7 signature (WIN_CERTIFICATE revision 0x{header.Revision:x4}, type 0x{header.CertificateType:x4}, at {new ByteSize(offset).ToOffsetString()})";
        }

        if (trusted is null)
        {
            return "it names no signer certificate that it carries, so it cannot be checked";
        }

        return SignedDataVerifier.Verify(SignedData(image, offset, header), Oids.SpcIndirectData, content =>
        {
            if (content is null || !SignedHash(content).AsSpan().SequenceEqual(imageHash))
            {
                return null;
            }

            return SHA256.HashData(AuthenticodeSigner.ContentsOf(content));
        }, trusted, "its contents changed after signing: the image hash does not match the signed one");
    }

    private static X509Certificate2? SignerOf(byte[] image, int offset, WinCertificate header) =>
        header.IsPkcsSignedData ? SignedDataVerifier.SignerCertificate(SignedData(image, offset, header)) : null;

    /// <summary>How a signature is named in a problem: by its signer, or by what it is when it names none.</summary>
    private static string Who(byte[] image, int offset, WinCertificate header)
    {
        using var signer = SignerOf(image, offset, header);
        return signer is not null ? $"by {signer.Subject}"
            : header.IsPkcsSignedData ? "by a signer whose certificate it does not carry"
            : "which is no PKCS#7 signature";
    }

    /// <summary>The PKCS#7 SignedData of an entry: its bytes after the WIN_CERTIFICATE header, up to its length.</summary>
    private static byte[] SignedData(byte[] image, int offset, WinCertificate header) =>
        image.AsSpan(offset + WinCertificate.Size, (int)header.Length - WinCertificate.Size).ToArray();

    /// <summary>The image hash an SpcIndirectDataContent carries.</summary>
    private static byte[] SignedHash(byte[] indirect)
    {
        try
        {
            var content = new AsnReader(indirect, AsnEncodingRules.BER).ReadSequence();
            content.ReadSequence();
            var digestInfo = content.ReadSequence();
            digestInfo.ReadSequence();
            return digestInfo.ReadOctetString();
        }
        catch (AsnContentException)
        {
            return [];
        }
    }
}
