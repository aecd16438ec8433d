using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.Disk.Partitions;
using Flashsmith.Signing;
using Flashsmith.TestSupport;
using Flashsmith.Verification;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>Signatures of a built image, judged by sbverify and openssl, and by flashsmith verify.</summary>
public sealed class SigningTests(SampleBuild build) : IClassFixture<SampleBuild>
{
    private static string DevCertificate => Path.Combine(DevelopmentKey.DefaultFolder(CliRun.RepositoryRoot), DevelopmentKey.CertificateFile);

    [Fact]
    public void Sbverify_accepts_every_efi_binary_and_rejects_a_flipped_section_byte()
    {
        var binaries = Extract(["esp:/EFI/BOOT/BOOTX64.EFI", "bootbank:/ahci.efi", "bootbank:/e1000.efi", "bootbank:/xhci.efi", "bootbank:/serial-16550.efi", "bootbank:/ipmi-kcs.efi"]);

        foreach (var binary in binaries)
        {
            var ok = ExternalTool.Run("sbverify", "--cert", DevCertificate, binary);
            Assert.True(ok.ExitCode == 0 && ok.All.Contains("Signature verification OK", StringComparison.Ordinal), $"{binary}: {ok.All}");

            var bytes = File.ReadAllBytes(binary);
            var section = PeLayout.Read(bytes).Sections[0];
            bytes[section.Offset + (section.Size / 2)] ^= 0x01;
            var tampered = binary + ".tampered";
            File.WriteAllBytes(tampered, bytes);
            var bad = ExternalTool.Run("sbverify", "--cert", DevCertificate, tampered);
            Assert.NotEqual(0, bad.ExitCode);
            Assert.NotNull(AuthenticodeVerifier.Verify(bytes, LoadCertificate()));
        }
    }

    [Fact]
    public void Openssl_accepts_the_seal_and_rejects_a_tampered_image()
    {
        var seal = build.Image + ".p7s";

        var ok = ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", seal, "-content", build.Image, "-CAfile", DevCertificate, "-out", "/dev/null");
        Assert.True(ok.ExitCode == 0, ok.All);

        var tampered = build.Temp.File("sealed-tampered.img");
        File.Copy(build.Image, tampered, overwrite: true);
        using (var stream = File.Open(tampered, FileMode.Open))
        {
            stream.Position = 20 * 1024 * 1024;
            stream.WriteByte(0x5A);
        }

        var bad = ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", seal, "-content", tampered, "-CAfile", DevCertificate, "-out", "/dev/null");
        Assert.NotEqual(0, bad.ExitCode);
    }

    [Fact]
    public void Signing_twice_gives_the_same_bytes()
    {
        var core = File.ReadAllBytes(Extract(["esp:/EFI/BOOT/BOOTX64.EFI"])[0]);
        var unsigned = core.AsSpan(0, PeLayout.Read(core).CertificateTableOffset).ToArray();
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(unsigned.AsSpan(PeLayout.Read(core).CertificateDirectoryOffset), 0);
        using var key = DevelopmentKey.LoadOrGenerate(Path.GetDirectoryName(DevCertificate)!);

        Assert.Equal(AuthenticodeSigner.Sign(unsigned, key), AuthenticodeSigner.Sign(unsigned, key));
        Assert.Equal(ImageSeal.Create(new byte[32], key), ImageSeal.Create(new byte[32], key));
    }

    [Fact]
    public void Verify_passes_on_the_built_image()
    {
        var run = CliRun.Of("verify", build.Image, "--cert", DevCertificate);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains("ok     seal", run.Output, StringComparison.Ordinal);
        Assert.Contains("ok     bootbank:/e1000.efi (e1000 8.0.3) Authenticode", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_seal_is_a_verification_failure()
    {
        var image = build.Temp.File("noseal.img");
        File.Copy(build.Image, image, overwrite: true);

        var run = CliRun.Of("verify", image, "--cert", DevCertificate);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("error FS5005: noseal.img: seal noseal.img.p7s: there is no seal: the .p7s file beside the image is missing", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_driver_is_named_with_its_partition_and_offset()
    {
        var image = build.Temp.File("driver-tampered.img");
        File.Copy(build.Image, image, overwrite: true);
        File.Copy(build.Image + ".p7s", image + ".p7s", overwrite: true);
        using (var stream = File.Open(image, FileMode.Open))
        {
            var bank = PartitionTable.Read(stream).Find("bootbank")!;
            var fs = new Disk.Fat.FatFileSystem(stream, bank.Offset.Bytes, bank.Size.Bytes);
            var at = bank.Offset.Bytes + fs.DataOffset(fs.Find("/xhci.efi")!.FirstCluster) + 600;
            stream.Position = at;
            var b = stream.ReadByte();
            stream.Position = at;
            stream.WriteByte((byte)(b ^ 0x80));
        }

        var run = CliRun.Of("verify", image, "--cert", DevCertificate);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("seal driver-tampered.img.p7s: the seal does not hold", run.Error, StringComparison.Ordinal);
        Assert.Matches(@"bootbank:/xhci\.efi \(xhci 1\.4\.0\) against the manifest: its SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64} \(the file starts at 0x[0-9a-f]+ \(\d+\) in the image\)", run.Error);
    }

    [Fact]
    public void Another_certificate_fails_verification()
    {
        using var rsa = RSA.Create(2048);
        using var other = new CertificateRequest("CN=someone else", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = build.Temp.File("other.pem");
        File.WriteAllText(path, other.ExportCertificatePem());

        var run = CliRun.Of("verify", build.Image, "--cert", path);

        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains("it was signed by another certificate than CN=someone else", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_byte_changes_in_every_region_of_the_image_are_all_reported()
    {
        // Each region the layout gives the image (the MBR and primary GPT, each partition, the gaps, the backup GPT) gets
        // its first and last byte and 30 random ones: a change anywhere is caught, not only where most random draws land.
        var work = new[] { build.Temp.File("sweep-a.img"), build.Temp.File("sweep-b.img") };
        var random = new Random(20261127);
        var offsets = Regions(build.Image)
            .SelectMany(r => new[] { r.Start, r.End - 1 }.Concat(Enumerable.Range(0, 30).Select(_ => random.NextInt64(r.Start, r.End))))
            .ToArray();
        using var trusted = LoadCertificate();
        var missed = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, work.Length, worker =>
        {
            File.Copy(build.Image, work[worker], overwrite: true);
            File.Copy(build.Image + ".p7s", work[worker] + ".p7s", overwrite: true);
            for (var i = worker; i < offsets.Length; i += work.Length)
            {
                Flip(work[worker], offsets[i]);
                try
                {
                    if (ImageVerifier.Verify(work[worker], trusted).All(c => c.Passed))
                    {
                        missed.Add(offsets[i]);
                    }
                }
                finally
                {
                    Flip(work[worker], offsets[i]);
                }
            }
        });

        Assert.Empty(missed);
        Assert.True(offsets.Length >= 6 * 32, $"only {offsets.Length} flips were drawn");
    }

    /// <summary>The image cut where its partitions start and end: the bytes before, each partition, each gap, the bytes after.</summary>
    private static List<(long Start, long End)> Regions(string image)
    {
        using var stream = File.OpenRead(image);
        var partitions = Disk.Imaging.DiskInspector.Inspect(stream).Volumes.Select(v => v.Partition).OrderBy(p => p.Offset.Bytes).ToList();
        var regions = new List<(long Start, long End)>();
        var at = 0L;
        foreach (var partition in partitions)
        {
            if (partition.Offset.Bytes > at)
            {
                regions.Add((at, partition.Offset.Bytes));
            }

            regions.Add((partition.Offset.Bytes, partition.End.Bytes));
            at = partition.End.Bytes;
        }

        regions.Add((at, stream.Length));
        return regions;
    }

    [Fact]
    public void Without_the_seal_each_components_own_check_catches_every_flip_in_it()
    {
        // No .p7s beside the copy: the whole-image seal cannot be what catches a change.
        var work = build.Temp.File("sweep-unsealed.img");
        File.Copy(build.Image, work, overwrite: true);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(build.Image)!, "manifest.json")))!;
        var random = new Random(20261128);
        using var trusted = LoadCertificate();
        var missed = new List<string>();
        var flips = 0;
        foreach (var component in manifest["components"]!.AsArray())
        {
            var partition = (string)component!["partition"]!;
            var path = (string)component["path"]!;
            var (start, bytes) = Locate(work, partition, path);
            // Random bytes, and of a PE image the ones Authenticode's hash leaves out: the checksum, the certificate table's
            // entry, the table's end. A guest is a flat binary that only the manifest's hash covers.
            IEnumerable<long> uncovered = [bytes.Length - 1];
            if ((string)component["kind"]! != "guest")
            {
                var layout = PeLayout.Read(bytes);
                uncovered = uncovered.Concat([layout.ChecksumOffset, layout.CertificateDirectoryOffset, layout.CertificateDirectoryOffset + 7, layout.CertificateTableOffset + 5]);
            }

            var offsets = Enumerable.Range(0, 24).Select(_ => (long)random.Next(bytes.Length)).Concat(uncovered).ToList();
            foreach (var offset in offsets)
            {
                Flip(work, start + offset);
                try
                {
                    var failed = ImageVerifier.Verify(work, trusted).Where(c => !c.Passed).ToList();
                    if (!failed.Any(c => c.Subject.StartsWith($"{partition}:{path} ", StringComparison.OrdinalIgnoreCase)))
                    {
                        missed.Add($"{partition}:{path} byte {offset} (failed: {string.Join("; ", failed.Select(c => c.Subject))})");
                    }
                }
                finally
                {
                    Flip(work, start + offset);
                }

                flips++;
            }
        }

        Assert.Empty(missed);
        Assert.True(flips >= 5 * 29, $"only {flips} flips were made");
    }

    [Fact]
    public void A_signature_many_ask_for_at_once_is_made_once_and_the_next_build_reads_it_back()
    {
        // A compiled driver as the build left it in its cache, before signing.
        var unsigned = Directory.EnumerateFiles(Path.Combine(build.Cache, "images"), "*.efi")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .First(bytes => bytes.Length > 2 && bytes[0] == (byte)'M' && bytes[1] == (byte)'Z');
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(DevelopmentKey.DefaultFolder(CliRun.RepositoryRoot), DevelopmentKey.KeyFile)));
        using var key = new CountingKey(rsa, LoadCertificate());
        using var trusted = LoadCertificate();
        var folder = build.Temp.File("signatures");

        var signatures = new SignatureCache(folder, key);
        var signed = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => signatures.Sign(unsigned)).ToList();
        var again = new SignatureCache(folder, key).Sign(unsigned);

        Assert.Equal(1, key.Signatures);
        Assert.All(signed, s => Assert.Equal(signed[0], s));
        Assert.Null(AuthenticodeVerifier.Verify(signed[0], trusted));
        Assert.Equal(signed[0], again);
    }

    /// <summary>Where a file's bytes start in the image (files are laid out contiguously), and the bytes.</summary>
    private static (long Start, byte[] Bytes) Locate(string image, string partition, string path)
    {
        using var stream = File.OpenRead(image);
        var volume = Disk.Imaging.DiskInspector.Inspect(stream).Volumes.Single(v => v.Partition.Name == partition);
        var fs = Disk.Imaging.DiskInspector.Open(stream, volume.Partition)!;
        var item = fs.Find(path)!;
        return (volume.Partition.Offset.Bytes + fs.DataOffset(item.FirstCluster), fs.ReadFile(path));
    }

    private string[] Extract(string[] sources)
    {
        var folder = build.Temp.File("efi");
        return sources.Select(source =>
        {
            var run = CliRun.Of("extract", build.Image, source, "-o", folder, "--force");
            Assert.Equal(ExitCodes.Success, run.ExitCode);
            return Path.Combine(folder, Path.GetFileName(source));
        }).ToArray();
    }

    private static X509Certificate2 LoadCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(DevCertificate));

    private static void Flip(string path, long offset)
    {
        using var stream = File.Open(path, FileMode.Open);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0xFF));
    }

    /// <summary>A key that counts its private-key operations, each slow enough for requests to overlap.</summary>
    private sealed class CountingKey(RSA rsa, X509Certificate2 certificate) : SigningKey
    {
        private readonly Lock gate = new();
        private int signatures;

        public int Signatures => Volatile.Read(ref signatures);

        public override X509Certificate2 Certificate => certificate;

        public override byte[] SignSha256(byte[] sha256)
        {
            Interlocked.Increment(ref signatures);
            Thread.Sleep(100);
            lock (gate)
            {
                return rsa.SignHash(sha256, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
        }
    }
}
