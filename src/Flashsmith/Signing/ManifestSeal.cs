using System.Security.Cryptography;

namespace Flashsmith.Signing;

/// <summary>
/// How a bank's manifest is tied to its core: the manifest's SHA-256 is written after the one anchor in
/// the core before the core is signed, so the core's signature covers the manifest and the manifest covers the modules.
/// </summary>
public static class ManifestSeal
{
    /// <summary>The manifest's path in a boot bank.</summary>
    public const string File = "/manifest.txt";

    /// <summary>
    /// The manifest's detached CMS signature in a bank whose core is not ours: such a core has no anchor to seal the
    /// manifest into, so the build signs the manifest beside it.
    /// </summary>
    public const string SignatureFile = "/manifest.p7s";

    private static readonly byte[] Anchor = "THINVISOR-ANCHOR"u8.ToArray();

    /// <summary>A copy of <paramref name="core"/> with the manifest's SHA-256 written after its one anchor.</summary>
    public static byte[] Embed(byte[] core, byte[] manifest)
    {
        var at = core.AsSpan().IndexOf(Anchor);
        if (at < 0 || core.AsSpan(at + 1).IndexOf(Anchor) >= 0)
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.NotPeImage, at < 0
                ? "the core has no manifest anchor ('THINVISOR-ANCHOR' followed by 32 bytes); it cannot be sealed"
                : "the core holds the manifest anchor more than once; it cannot be sealed");
        }

        var sealedCore = (byte[])core.Clone();
        SHA256.HashData(manifest).CopyTo(sealedCore.AsSpan(at + Anchor.Length, 32));
        return sealedCore;
    }

    /// <summary>The manifest digest sealed into <paramref name="core"/>; empty when it has no anchor.</summary>
    public static byte[] SealedDigest(byte[] core)
    {
        var at = core.AsSpan().IndexOf(Anchor);
        return at < 0 || at + Anchor.Length + 32 > core.Length ? [] : core.AsSpan(at + Anchor.Length, 32).ToArray();
    }
}
