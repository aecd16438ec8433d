using System.Security.Cryptography;
using Flashsmith.Reproducibility;
using Flashsmith.Verification;

namespace Flashsmith.Fuzz.Targets;

/// <summary>
/// The documents <c>verify</c> reads beside an image: the SPDX and CycloneDX SBOMs and the DSSE provenance envelope,
/// each checked against the same image (the first of the image seeds).
/// </summary>
public static class ReleaseTargets
{
    public static void Spdx(FuzzWorkspace workspace, byte[] input) => Check(workspace, SpdxDocument.Suffix, input);

    public static void CycloneDx(FuzzWorkspace workspace, byte[] input) => Check(workspace, CycloneDxDocument.Suffix, input);

    public static void Provenance(FuzzWorkspace workspace, byte[] input) => Check(workspace, DsseEnvelope.Suffix, input);

    private static void Check(FuzzWorkspace workspace, string suffix, byte[] document)
    {
        var (image, sha256) = workspace.ReleaseImage();
        foreach (var other in new[] { SpdxDocument.Suffix, CycloneDxDocument.Suffix, DsseEnvelope.Suffix })
        {
            File.Delete(image + other);
        }

        File.WriteAllBytes(image + suffix, document);
        using var stream = File.OpenRead(image);
        _ = ReleaseDocumentsVerifier.Verify(image, sha256, stream, workspace.Trusted);
    }
}
