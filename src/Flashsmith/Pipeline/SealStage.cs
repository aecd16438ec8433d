using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>Seals the finished image: a detached CMS signature over the SHA-256 of the image the assembly lays out.</summary>
public static class SealStage
{
    public static SealOutput Run(SealInput input, CancellationToken cancellation)
    {
        var sha256 = input.Assembly.Layout.Sha256(cancellation);
        return new SealOutput(Convert.ToHexStringLower(sha256), ImageSeal.Create(sha256, input.Key));
    }
}
