namespace Flashsmith.Recipes;

/// <summary>Where the signing key lives: the generated development key, a file, or a PKCS#11 token.</summary>
public sealed record KeyReference(KeySource Source, string Location)
{
    public static readonly KeyReference Development = new(KeySource.Development, "dev");

    public override string ToString() => Source switch
    {
        KeySource.Development => "development key (generated)",
        KeySource.Pkcs11 => Location,
        _ => Location,
    };
}
