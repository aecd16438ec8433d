using Flashsmith.TestSupport;

namespace Flashsmith.Fuzz.Tests;

/// <summary>One fuzz workspace for the tests that replay inputs: they run one after another, as the command targets change the current folder.</summary>
public sealed class FuzzWorkspaceFixture : IDisposable
{
    public FuzzWorkspace Workspace { get; } = FuzzWorkspace.Create(RepositoryRoot.Path);

    public void Dispose() => Workspace.Dispose();
}

[CollectionDefinition(Name)]
public sealed class FuzzWorkspaceCollection : ICollectionFixture<FuzzWorkspaceFixture>
{
    public const string Name = "fuzz workspace";
}
