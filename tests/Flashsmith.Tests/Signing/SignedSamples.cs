using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Signing;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Signing;

/// <summary>
/// PE files to sign and the keys to sign them with: a tiny EFI application built with clang and lld-link, that application
/// signed by a vendor with sbsign, and Debian's xen.efi (an unsigned x86-64 EFI application of 2.8 MB), fetched with
/// apt-get download once and kept for later runs.
/// </summary>
public sealed class SignedSamples : IDisposable
{
    private const string XenPackage = "xen-hypervisor-4.17-amd64";
    private const string XenFile = "boot/xen-4.17-amd64.efi";
    private readonly Lazy<byte[]> xen = new(DownloadXen);

    public SignedSamples()
    {
        Vendor = new TestKey(Temp, "vendor", "CN=Test Vendor Driver Signing");
        Ours = new TestKey(Temp, "ours", "CN=Flashsmith test key");
        Second = new TestKey(Temp, "second", "CN=Flashsmith second test key");
        Stranger = new TestKey(Temp, "stranger", "CN=Someone else");

        File.WriteAllText(Temp.File("app.c"), """
            typedef unsigned long long u64;
            static volatile u64 counter = 42;
            u64 efi_main(void *image, void *system_table)
            {
                (void)image;
                (void)system_table;
                return counter + 1;
            }
            """);
        ExternalTool.Check("clang", [.. Toolchain.CompileFlags, "-c", Temp.File("app.c"), "-o", Temp.File("app.obj")]);
        ExternalTool.Check("lld-link", [.. Toolchain.LinkArguments(ImageKind.Application, [Temp.File("app.obj")], Temp.File("app.efi"))]);
        ExternalTool.Check("lld-link", [.. Toolchain.LinkArguments(ImageKind.BootServiceDriver, [Temp.File("app.obj")], Temp.File("driver.efi"))]);
        ExternalTool.Check("sbsign", "--key", Vendor.KeyFile, "--cert", Vendor.CertificateFile, "--output", Temp.File("app-vendor.efi"), Temp.File("app.efi"));
        App = File.ReadAllBytes(Temp.File("app.efi"));
        Driver = File.ReadAllBytes(Temp.File("driver.efi"));
        VendorSigned = File.ReadAllBytes(Temp.File("app-vendor.efi"));
    }

    public TempFolder Temp { get; } = new();

    /// <summary>Signs <see cref="VendorSigned"/>, with sbsign.</summary>
    public TestKey Vendor { get; }

    /// <summary>The build's key.</summary>
    public TestKey Ours { get; }

    /// <summary>A second key that signs after ours.</summary>
    public TestKey Second { get; }

    /// <summary>A key that signs nothing: its certificate must verify nothing.</summary>
    public TestKey Stranger { get; }

    /// <summary>The tiny EFI application, unsigned.</summary>
    public byte[] App { get; }

    /// <summary>The same code linked as a boot service driver.</summary>
    public byte[] Driver { get; }

    /// <summary>The tiny EFI application as the vendor signed it with sbsign.</summary>
    public byte[] VendorSigned { get; }

    /// <summary>Debian's xen.efi, unsigned.</summary>
    public byte[] Xen => xen.Value;

    /// <summary>Writes <paramref name="bytes"/> to a file of the temp folder, for the outside judges; gives its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        File.WriteAllBytes(Temp.File(name), bytes);
        return Temp.File(name);
    }

    /// <summary>sbverify's verdict on <paramref name="image"/> against <paramref name="key"/>'s certificate.</summary>
    public ExternalTool.Result Sbverify(string name, byte[] image, TestKey key) =>
        ExternalTool.Run("sbverify", "--cert", key.CertificateFile, Write(name, image));

    /// <summary>The certificate-table entries of <paramref name="image"/>, each with its padding, as bytes.</summary>
    public static IReadOnlyList<byte[]> Entries(byte[] image) =>
        CertificateTable.Read(image, PeLayout.Read(image)).Entries
            .Select(e => image.AsSpan(e.Offset, (int)Math.Min(e.Header.PaddedLength, image.Length - e.Offset)).ToArray())
            .ToList();

    /// <summary>
    /// The tiny application with junk after its sections up to <paramref name="tableOffset"/>, signed by the vendor with
    /// the table right there, where a signer that does not pad would put it (sbsign pads, so it cannot make this). The
    /// vendor's entry is not a multiple of 8 bytes long (<see cref="WithoutLastPadding"/> needs that).
    /// </summary>
    public byte[] VendorSignedAt(int tableOffset)
    {
        var image = new byte[tableOffset];
        App.CopyTo(image, 0);
        image.AsSpan(App.Length).Fill(0x5A);
        var layout = PeLayout.Read(image);
        BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan(layout.CertificateDirectoryOffset), tableOffset);
        var indirect = AuthenticodeSigner.IndirectDataContent(layout.AuthenticodeHash(image));
        var pkcs7 = SignedDataBuilder.Build(Oids.SpcIndirectData, indirect, SHA256.HashData(AuthenticodeSigner.ContentsOf(indirect)), Vendor.Key, authenticode: true);
        var header = new WinCertificate((uint)(WinCertificate.Size + pkcs7.Length), WinCertificate.Revision2, WinCertificate.TypePkcsSignedData);
        var signed = new byte[tableOffset + header.PaddedLength];
        image.CopyTo(signed, 0);
        header.Write(signed.AsSpan(tableOffset));
        pkcs7.CopyTo(signed, tableOffset + WinCertificate.Size);
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(layout.CertificateDirectoryOffset + 4), (int)header.PaddedLength);
        BinaryPrimitives.WriteUInt32LittleEndian(signed.AsSpan(layout.ChecksumOffset), layout.ComputeChecksum(signed));
        return signed;
    }

    /// <summary><paramref name="image"/> with its table cut at its last entry's end: without that entry's padding to 8 bytes.</summary>
    public static byte[] WithoutLastPadding(byte[] image)
    {
        var layout = PeLayout.Read(image);
        var last = CertificateTable.Read(image, layout).Entries[^1];
        var end = last.Offset + (int)last.Header.Length;
        Assert.True(end < image.Length, $"the last entry is {last.Header.Length} bytes long, a multiple of 8, and has no padding to cut: give its key another subject");
        var cut = image.AsSpan(0, end).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(cut.AsSpan(layout.CertificateDirectoryOffset + 4), end - layout.CertificateTableOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(cut.AsSpan(layout.ChecksumOffset), layout.ComputeChecksum(cut));
        return cut;
    }

    public void Dispose()
    {
        foreach (var key in new[] { Vendor, Ours, Second, Stranger })
        {
            key.Dispose();
        }

        Temp.Dispose();
    }

    /// <summary>
    /// xen.efi from Debian's package, downloaded with apt-get download and unpacked with dpkg-deb into a folder under
    /// the temporary folder that later runs reuse.
    /// </summary>
    private static byte[] DownloadXen()
    {
        var cache = Path.Combine(Path.GetTempPath(), "flashsmith-test-packages", XenPackage);
        if (!File.Exists(Path.Combine(cache, XenFile)))
        {
            var work = $"{cache}.{Environment.ProcessId}.tmp";
            Directory.CreateDirectory(work);
            try
            {
                var download = new ProcessStartInfo("apt-get") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
                download.ArgumentList.Add("download");
                download.ArgumentList.Add(XenPackage);
                using (var process = Process.Start(download)!)
                {
                    var output = process.StandardOutput.ReadToEndAsync();
                    var error = process.StandardError.ReadToEnd();
                    if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"the tests need Debian's xen.efi and could not fetch it: 'apt-get download {XenPackage}' failed (it needs Debian bookworm's package lists, apt-get update):\n{output.Result}{error}");
                    }
                }

                var deb = Directory.EnumerateFiles(work, "*.deb").Single();
                ExternalTool.Check("dpkg-deb", "-x", deb, Path.Combine(work, "unpacked"));
                Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
                try
                {
                    Directory.Move(Path.Combine(work, "unpacked"), cache);
                }
                catch (IOException) when (File.Exists(Path.Combine(cache, XenFile)))
                {
                    // Another run unpacked it first.
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        return File.ReadAllBytes(Path.Combine(cache, XenFile));
    }

    /// <summary>An RSA key and its self-signed certificate, in memory and as PEM files for sbsign and sbverify.</summary>
    public sealed class TestKey : IDisposable
    {
        public TestKey(TempFolder folder, string name, string subject)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            // A fixed serial number keeps the certificate's length, and so each signature's, the same from run to run.
            using var certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
                DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x01]);
            KeyFile = folder.File($"{name}.key");
            CertificateFile = folder.File($"{name}.pem");
            File.WriteAllText(KeyFile, rsa.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(CertificateFile, certificate.ExportCertificatePem() + "\n");
            var privateKey = RSA.Create();
            privateKey.ImportFromPem(File.ReadAllText(KeyFile));
            Certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile));
            Key = new SoftwareSigningKey(privateKey, X509Certificate2.CreateFromPem(File.ReadAllText(CertificateFile)));
        }

        public string KeyFile { get; }

        public string CertificateFile { get; }

        /// <summary>The certificate, as a verifier trusts it.</summary>
        public X509Certificate2 Certificate { get; }

        public SigningKey Key { get; }

        public string Subject => Certificate.Subject;

        public void Dispose()
        {
            Key.Dispose();
            Certificate.Dispose();
        }
    }
}
