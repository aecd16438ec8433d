namespace Flashsmith.Tests.Signing;

/// <summary>The Authenticode tests share one set of samples: a tiny EFI application, keys, sbsign's signature, Debian's xen.efi.</summary>
[CollectionDefinition(Name)]
public sealed class SignedSamplesCollection : ICollectionFixture<SignedSamples>
{
    public const string Name = "signed samples";
}
