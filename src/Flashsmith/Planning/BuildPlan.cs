using Flashsmith.Boot;
using Flashsmith.Recipes;

namespace Flashsmith.Planning;

/// <summary>Everything a build of one target needs, fully resolved; pipeline stages read this, never the YAML. <see cref="Depot"/> is the driver depot folder the plan drew packages from, if any.</summary>
public sealed record BuildPlan(
    string Target,
    string RecipeFile,
    string ProjectRoot,
    IReadOnlyList<string> RecipeChain,
    string Product,
    ComponentVersion Version,
    string Banner,
    BuildEpoch Epoch,
    AcceptanceLevel MinAcceptance,
    IReadOnlyList<PlannedComponent> Components,
    PlannedLayout Layout,
    PlannedSigning Signing,
    PlannedBudget Budget,
    string Toolchain,
    IReadOnlyList<string> CoreFlags,
    string? Depot = null)
{
    /// <summary>The command line the loader passes to the core; empty for none.</summary>
    public string CoreOptions { get; init; } = string.Empty;

    /// <summary>How a boot of the image ends; by default our core's READY and HALT lines.</summary>
    public BootPatterns Boot { get; init; } = BootPatterns.Default;

    /// <summary>The build manifest's file name, beside the image.</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary>The image's file name: product, version and target.</summary>
    public string ImageFileName => $"{Product}-{Version}-{Target}.img";
}
