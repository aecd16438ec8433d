namespace Flashsmith.Signing;

/// <summary>The seal: a detached CMS signature over a whole finished image, written as &lt;image&gt;.p7s (DER).</summary>
public static class ImageSeal
{
    /// <summary>Seals an image whose SHA-256 is <paramref name="imageSha256"/>.</summary>
    public static byte[] Create(byte[] imageSha256, SigningKey key) =>
        SignedDataBuilder.Build(Oids.Data, null, imageSha256, key, authenticode: false);
}
