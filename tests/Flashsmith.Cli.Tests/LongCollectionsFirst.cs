using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Flashsmith.Cli.Tests.LongCollectionsFirst", "Flashsmith.Cli.Tests")]

namespace Flashsmith.Cli.Tests;

/// <summary>
/// On a test collection that takes minutes however many cores there are (a native compile before its first test, a
/// chain of boots one after another): it starts first, so that the short classes fill the cores beside it and the run
/// does not end waiting for it alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StartsFirstAttribute : Attribute;

/// <summary>Runs the collections marked <see cref="StartsFirstAttribute"/> first, the others after them in the order found.</summary>
public sealed class LongCollectionsFirst : ITestCollectionOrderer
{
    private static readonly string Marker = typeof(StartsFirstAttribute).AssemblyQualifiedName!;

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.CollectionDefinition?.GetCustomAttributes(Marker).Any() == true ? 0 : 1);
}
