using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Signing;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Signing;

/// <summary>
/// A Secure Boot key hierarchy made for the test (PK, KEK, db) and an OVMF variable store with it
/// enrolled: a small UEFI program, booted in setup mode, writes db, KEK and PK as authenticated variables.
/// The keys are made and enrolled once for the whole test run; boots use copies of the variable store.
/// </summary>
public sealed class SecureBootKeys
{
    public const string SecureCode = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd";
    private const uint Attributes = 0x27;
    private static readonly Guid GlobalVariable = new("8be4df61-93ca-11d2-aa0d-00e098032b8c");
    private static readonly Guid ImageSecurityDatabase = new("d719b2cb-3d3a-4596-a3bc-dad00e67656f");
    private static readonly Guid CertX509 = new("a5c059a1-94e4-4aa7-87b5-ab155c2bf072");
    private static readonly Guid CertTypePkcs7 = new("4aafd29d-68df-49ee-8aa9-347d375665a7");
    private static readonly Guid Owner = new("5d1c6b7e-2f4a-4c3b-9a8e-0f1e2d3c4b5a");

    /// <summary>The db certificate.</summary>
    public X509Certificate2 Db => Shared.Db;

    /// <summary>The db key and certificate as one PEM file, for build --key.</summary>
    public string DbKeyPem => Shared.DbKeyPem;

    /// <summary>A key whose certificate is not in db.</summary>
    public string OtherKeyPem => Shared.OtherKeyPem;

    /// <summary>The variable store with the keys enrolled; boots use copies of it.</summary>
    public string Vars => Shared.Vars;

    public QemuBoot.Result Enrollment => Shared.Enrollment;

    /// <summary>
    /// A variable store with the same keys enrolled by OVMF's build without SMM (<see cref="QemuBoot.Code"/>), which then
    /// enforces Secure Boot with it: Xen's dom0 cannot boot under the SMM build (its ACPI NVS region overlaps where Linux 6.1
    /// puts its kernel), so Xen boots under Secure Boot with this one. Enrolled when first asked for.
    /// </summary>
    public string VarsWithoutSmm => Shared.VarsWithoutSmm.Value;

    private static Enrolled Shared => RunWide<Enrolled>.Value;

    public QemuBoot.Result Boot(string image) =>
        QemuBoot.Boot(
            ["-global", "driver=cfi.pflash01,property=secure,value=on", "-drive", $"format=raw,file={image},if=none,id=d0,snapshot=on", "-device", "ide-hd,drive=d0,bootindex=0"],
            code: SecureCode,
            vars: Vars,
            machine: ["-machine", "q35,smm=on"]);

    private static (X509Certificate2 Certificate, RSA Key) Make(string name)
    {
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return (certificate, rsa);
    }

    /// <summary>An EFI_SIGNATURE_LIST holding one X.509 certificate.</summary>
    private static byte[] SignatureList(X509Certificate2 certificate)
    {
        var der = certificate.RawData;
        var list = new byte[28 + 16 + der.Length];
        CertX509.TryWriteBytes(list);
        BinaryPrimitives.WriteInt32LittleEndian(list.AsSpan(16), list.Length);
        BinaryPrimitives.WriteInt32LittleEndian(list.AsSpan(20), 0);
        BinaryPrimitives.WriteInt32LittleEndian(list.AsSpan(24), 16 + der.Length);
        Owner.TryWriteBytes(list.AsSpan(28));
        der.CopyTo(list, 44);
        return list;
    }

    /// <summary>EFI_VARIABLE_AUTHENTICATION_2 (a time stamp and a PKCS#7 signature) followed by the data.</summary>
    private static byte[] Authenticated(string name, Guid vendor, byte[] data, X509Certificate2 signer, RSA key)
    {
        var time = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(time, 2026);
        time[2] = 1;
        time[3] = 1;
        var signed = new List<byte>();
        signed.AddRange(Encoding.Unicode.GetBytes(name));
        signed.AddRange(vendor.ToByteArray());
        signed.AddRange(BitConverter.GetBytes(Attributes));
        signed.AddRange(time);
        signed.AddRange(data);
        using var signing = new SoftwareSigningKey(RSA.Create(key.ExportParameters(true)), X509CertificateLoader.LoadCertificate(signer.RawData));
        // The firmware wants the bare SignedData here, without its ContentInfo wrapper: it looks for
        // the digest algorithm at a fixed offset.
        var contentInfo = new System.Formats.Asn1.AsnReader(SignedDataBuilder.Build(Oids.Data, null, SHA256.HashData(signed.ToArray()), signing, authenticode: false), System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        contentInfo.ReadObjectIdentifier();
        var pkcs7 = contentInfo.ReadSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0)).ReadEncodedValue().ToArray();
        var payload = new byte[16 + 24 + pkcs7.Length + data.Length];
        time.CopyTo(payload, 0);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(16), 24 + pkcs7.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(20), 0x0200);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(22), 0x0EF1);
        CertTypePkcs7.TryWriteBytes(payload.AsSpan(24));
        pkcs7.CopyTo(payload, 40);
        data.CopyTo(payload, 40 + pkcs7.Length);
        return payload;
    }

    /// <summary>The keys, the variable store they were enrolled into, and what the enrolling boot said.</summary>
    private sealed class Enrolled : IDisposable
    {
        public Enrolled()
        {
            (Pk, PkKey) = Make("Flashsmith test PK");
            (Kek, KekKey) = Make("Flashsmith test KEK");
            (Db, DbKey) = Make("Flashsmith test db");
            DbKeyPem = Temp.File("db.pem");
            File.WriteAllText(DbKeyPem, DbKey.ExportPkcs8PrivateKeyPem() + "\n" + Db.ExportCertificatePem() + "\n");
            var (other, otherKey) = Make("Not in db");
            OtherKeyPem = Temp.File("other.pem");
            File.WriteAllText(OtherKeyPem, otherKey.ExportPkcs8PrivateKeyPem() + "\n" + other.ExportCertificatePem() + "\n");
            Vars = Temp.File("vars-enrolled.fd");
            File.Copy(QemuBoot.Vars, Vars);
            Enrollment = Enroll(Vars, SecureCode, ["-machine", "q35,smm=on"], ["-global", "driver=cfi.pflash01,property=secure,value=on"]);
            VarsWithoutSmm = new(() =>
            {
                var vars = Temp.File("vars-enrolled-without-smm.fd");
                File.Copy(QemuBoot.Vars, vars);
                var enrollment = Enroll(vars, QemuBoot.Code, ["-machine", "q35"], []);
                Assert.True(enrollment.Console.Contains("ENROLL DONE", StringComparison.Ordinal), enrollment.Console);
                return vars;
            });
        }

        public TempFolder Temp { get; } = new();

        public X509Certificate2 Pk { get; }

        public RSA PkKey { get; }

        public X509Certificate2 Kek { get; }

        public RSA KekKey { get; }

        public X509Certificate2 Db { get; }

        public RSA DbKey { get; }

        public string DbKeyPem { get; }

        public string OtherKeyPem { get; }

        public string Vars { get; }

        public QemuBoot.Result Enrollment { get; }

        public Lazy<string> VarsWithoutSmm { get; }

        public void Dispose()
        {
            Temp.Dispose();
            PkKey.Dispose();
            KekKey.Dispose();
            DbKey.Dispose();
        }

        private QemuBoot.Result Enroll(string vars, string code, string[] machine, string[] secure)
        {
            var program = Temp.File("enroll.efi");
            var image = Temp.File("enroll.img");
            if (File.Exists(image))
            {
                return Boot(image, vars, code, machine, secure);
            }

            var source = Path.Combine(CliRun.RepositoryRoot, "tests", "firmware", "enroll", "enroll.c");
            ExternalTool.Check("clang", [.. Toolchains.Toolchain.CompileFlags, "-c", source, "-o", Temp.File("enroll.obj")]);
            ExternalTool.Check("lld-link", [.. Toolchains.Toolchain.LinkArguments(Toolchains.ImageKind.Application, [Temp.File("enroll.obj")], program)]);

            var ids = new DeterministicIds("enroll");
            var fat = new FatFileSystemBuilder(new FatVolumeOptions("esp", ByteSize.FromMiB(4), FatType.Fat16, "ENROLL", 1, DateTimeOffset.UnixEpoch.AddYears(50), 2048));
            fat.AddFile("/EFI/BOOT/BOOTX64.EFI", DataSource.FromFile(program));
            fat.AddFile("/db.auth", DataSource.FromBytes(Authenticated("db", ImageSecurityDatabase, SignatureList(Db), Kek, KekKey)));
            fat.AddFile("/KEK.auth", DataSource.FromBytes(Authenticated("KEK", GlobalVariable, SignatureList(Kek), Pk, PkKey)));
            fat.AddFile("/PK.auth", DataSource.FromBytes(Authenticated("PK", GlobalVariable, SignatureList(Pk), Pk, PkKey)));
            var disk = new DiskImageBuilder(ByteSize.FromMiB(8), PartitionStyle.Gpt, ids, ByteSize.FromKiB(64));
            disk.AddPartition(new PartitionDefinition("esp", ByteSize.FromMiB(1), ByteSize.FromMiB(4), GuidPartitionTable.EfiSystemType, 0xEF), fat.Build());
            SparseImageWriter.Write(disk.Build(), image);
            return Boot(image, vars, code, machine, secure);
        }

        private static QemuBoot.Result Boot(string image, string vars, string code, string[] machine, string[] secure) =>
            QemuBoot.Boot(
                [.. secure, "-drive", $"format=raw,file={image},if=none,id=d0,snapshot=on", "-device", "ide-hd,drive=d0,bootindex=0"],
                code: code,
                vars: vars,
                machine: machine,
                keepVars: true);
    }
}
