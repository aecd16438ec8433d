namespace Flashsmith.Reproducibility;

/// <summary>
/// The URIs Flashsmith names things by in SBOMs and provenance: the build type (which names the recipe
/// format's version), the builder, and the namespace of SPDX documents. Defined here and nowhere else.
/// </summary>
public static class ReleaseUris
{
    private const string Base = "https://flashsmith.invalid/";

    /// <summary>SLSA buildType: a Flashsmith build from a version 1 recipe.</summary>
    public const string BuildType = Base + "build-types/recipe/v1";

    /// <summary>SLSA builder.id: the flashsmith command line.</summary>
    public const string Builder = Base + "builders/flashsmith";

    /// <summary>The namespace of an image's SPDX document, derived from the image's digest.</summary>
    public static string SpdxNamespace(string imageFile, string imageSha256) =>
        $"{Base}spdx/{imageFile}/sha256/{imageSha256}";

    /// <summary>A CycloneDX serialNumber, derived from the image's digest.</summary>
    public static string CycloneDxSerial(string imageSha256) =>
        $"urn:uuid:{NameBasedUuid.Create(NameBasedUuid.UrlNamespace, $"{Base}images/sha256/{imageSha256}/cyclonedx")}";
}
