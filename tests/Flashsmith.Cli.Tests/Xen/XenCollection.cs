namespace Flashsmith.Cli.Tests.Xen;

/// <summary>The test classes that share one set of Xen builds, and run one after another: each boot takes a core for half a minute.</summary>
[CollectionDefinition(Name)]
public sealed class XenCollection : ICollectionFixture<XenBuilds>
{
    public const string Name = "xen";
}
