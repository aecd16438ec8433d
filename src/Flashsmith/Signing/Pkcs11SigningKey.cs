using System.Formats.Asn1;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Diagnostics;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Flashsmith.Signing;

/// <summary>
/// A key on a PKCS#11 token, through Pkcs11Interop: the token signs (CKM_RSA_PKCS over a SHA-256
/// DigestInfo) and the private key never leaves it. The certificate is read from the token.
/// </summary>
public sealed class Pkcs11SigningKey : SigningKey
{
    public const string PinVariable = "FLASHSMITH_PKCS11_PIN";
    public const string ModuleVariable = "FLASHSMITH_PKCS11_MODULE";

    private readonly IPkcs11Library library;
    private readonly ISession session;
    private readonly IObjectHandle privateKey;
    private readonly Pkcs11InteropFactories factories;

    private Pkcs11SigningKey(Pkcs11InteropFactories factories, IPkcs11Library library, ISession session, IObjectHandle privateKey, X509Certificate2 certificate)
    {
        this.factories = factories;
        this.library = library;
        this.session = session;
        this.privateKey = privateKey;
        Certificate = certificate;
    }

    public override X509Certificate2 Certificate { get; }

    static Pkcs11SigningKey()
    {
        // Pkcs11Interop asks for "libdl"; glibc 2.34 and later ship it only as libdl.so.2 (or inside libc).
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, assembly, path) =>
            name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
    }

    public static SigningKey Open(string text, Func<string, string?> environment)
    {
        var uri = Pkcs11Uri.Parse(text);
        if (!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            // Pkcs11Interop marshals its function table at run time, which a natively compiled program cannot.
            throw new BadInputException(DiagnosticCodes.Pkcs11, "this natively compiled flashsmith cannot drive PKCS#11 modules; run the portable build instead (tools/flashsmith does when FLASHSMITH_PORTABLE=1 is set or a pkcs11: key is named on its command line)");
        }

        var module = uri.ModulePath ?? environment(ModuleVariable)
            ?? throw new BadInputException(DiagnosticCodes.Pkcs11, $"the pkcs11: URI names no module-path; add ?module-path=/path/to/module.so or set {ModuleVariable}");
        var pin = environment(PinVariable) ?? throw new BadInputException(DiagnosticCodes.Pkcs11, $"the PKCS#11 token needs its PIN in {PinVariable}");
        var factories = new Pkcs11InteropFactories();
        IPkcs11Library? library = null;
        ISession? session = null;
        try
        {
            library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, module, AppType.MultiThreaded);
            var slot = library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => uri.Token is null || s.GetTokenInfo().Label.Trim() == uri.Token)
                ?? throw new BadInputException(DiagnosticCodes.Pkcs11, $"no PKCS#11 token labelled '{uri.Token}' is present in {Path.GetFileName(module)}");
            session = slot.OpenSession(SessionType.ReadOnly);
            session.Login(CKU.CKU_USER, pin);
            var key = Find(factories, session, CKO.CKO_PRIVATE_KEY, uri)
                ?? throw new BadInputException(DiagnosticCodes.Pkcs11, $"the token holds no private key matching {Describe(uri)}");
            var certificateObject = Find(factories, session, CKO.CKO_CERTIFICATE, uri)
                ?? throw new BadInputException(DiagnosticCodes.Pkcs11, $"the token holds no certificate matching {Describe(uri)}");
            var der = session.GetAttributeValue(certificateObject, [CKA.CKA_VALUE])[0].GetValueAsByteArray();
            var certificate = X509CertificateLoader.LoadCertificate(der);
            return new Pkcs11SigningKey(factories, library, session, key, certificate) { Description = $"PKCS#11 token '{slot.GetTokenInfo().Label.Trim()}', {Describe(uri)}" };
        }
        catch (Pkcs11Exception ex)
        {
            session?.Dispose();
            library?.Dispose();
            throw new BadInputException(DiagnosticCodes.Pkcs11, $"the PKCS#11 token refused: {ex.RV}");
        }
        catch (Exception ex) when (ex is BadInputException or DllNotFoundException or UnmanagedException)
        {
            session?.Dispose();
            library?.Dispose();
            throw ex as BadInputException ?? new BadInputException(DiagnosticCodes.Pkcs11, $"cannot load the PKCS#11 module {module}: {ex.Message}");
        }
    }

    public override byte[] SignSha256(byte[] sha256)
    {
        // CKM_RSA_PKCS pads what it is given: give it the DigestInfo of PKCS#1 v1.5.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            SignedDataBuilder.WriteSha256Algorithm(writer);
            writer.WriteOctetString(sha256);
        }

        using var mechanism = factories.MechanismFactory.Create(CKM.CKM_RSA_PKCS);
        lock (session)
        {
            return session.Sign(mechanism, privateKey, writer.Encode());
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                session.Logout();
            }
            catch (Pkcs11Exception)
            {
                // Already logged out with the session.
            }

            session.Dispose();
            library.Dispose();
        }

        base.Dispose(disposing);
    }

    private static IObjectHandle? Find(Pkcs11InteropFactories factories, ISession session, CKO kind, Pkcs11Uri uri)
    {
        var template = new List<IObjectAttribute> { factories.ObjectAttributeFactory.Create(CKA.CKA_CLASS, kind) };
        if (uri.Object is not null)
        {
            template.Add(factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, uri.Object));
        }

        if (uri.Id is not null)
        {
            template.Add(factories.ObjectAttributeFactory.Create(CKA.CKA_ID, uri.Id));
        }

        return session.FindAllObjects(template).FirstOrDefault();
    }

    private static string Describe(Pkcs11Uri uri) =>
        uri.Object is null ? "the URI" : $"object '{uri.Object}'";
}
