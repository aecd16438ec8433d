namespace Flashsmith.Cli.Tests;

/// <summary>
/// The test classes that run the natively compiled tool share one build of it; building it takes minutes, so it is
/// built once for all of them, and they run one after another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NativeToolCollection : ICollectionFixture<NativeTool>
{
    public const string Name = "native tool";
}
