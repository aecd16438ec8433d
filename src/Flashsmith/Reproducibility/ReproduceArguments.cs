namespace Flashsmith.Reproducibility;

/// <summary>
/// What reproduce was asked, as given: a recipe file or recipes folder (null: none), a target (null: every one), the
/// recipes folder, the --key (null: each recipe's own), --release, the release folder to compare with (null: build
/// twice), and whether to keep the workspaces.
/// </summary>
public sealed record ReproduceArguments(string? Path, string? Target, string RecipesFolder, string? Key, bool Release, string? Against, bool Keep);
