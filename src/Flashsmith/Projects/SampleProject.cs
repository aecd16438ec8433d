using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Projects;

/// <summary>
/// The sample project that <c>flashsmith init</c> starts a project from: the recipes, the firmware sources and the Xen
/// example, installed read-only beside the tool (<c>share/flashsmith/sample</c> under the tool's prefix) or, for a tool
/// built from a checkout, the checkout itself, which has the same layout.
/// </summary>
public sealed class SampleProject
{
    /// <summary>Where a package installs the sample, under the prefix whose lib/flashsmith holds the tool.</summary>
    public const string InstalledFolder = "share/flashsmith/sample";

    /// <summary>The base product's recipe, under recipes/.</summary>
    public const string BaseRecipe = "thinvisor.yaml";

    /// <summary>The OEM target a new thinvisor project starts with, under recipes/oem/.</summary>
    public const string SampleTarget = "dell-poweredge-r710.yaml";

    /// <summary>The firmware sources: the core, its loader, drivers, guests and their headers.</summary>
    public const string FirmwareFolder = "src/firmware";

    /// <summary>The Xen example: its recipe, fetch script, package pins and dom0's root file system.</summary>
    public const string XenFolder = "examples/xen";

    /// <summary>The Xen example's recipe, in <see cref="XenFolder"/>.</summary>
    public const string XenRecipe = "xen.yaml";

    /// <summary>What the Xen example's fetch script makes beside itself, which no sample carries.</summary>
    private static readonly string[] XenFetched = ["payload", ".debs", ".work"];

    private SampleProject(string root) => Root = root;

    public string Root { get; }

    /// <summary>
    /// The sample of the tool in <paramref name="programFolder"/>: installed beside it, else the checkout around it;
    /// reports where it looked when there is none.
    /// </summary>
    public static SampleProject Locate(string programFolder)
    {
        var program = Path.GetFullPath(programFolder);
        var installed = Path.GetFullPath(Path.Combine(program, "..", "..", InstalledFolder));
        var candidates = new List<string> { installed };
        for (var folder = program; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            candidates.Add(folder);
        }

        return candidates.FirstOrDefault(IsSample) is { } root
            ? new SampleProject(root)
            : throw new BadInputException(DiagnosticCodes.SampleMissing, $"the sample project is not installed: there is none at {installed}, nor in a checkout around {program}");
    }

    /// <summary>The sample at <paramref name="root"/>, which must be one.</summary>
    public static SampleProject At(string root) =>
        IsSample(root) ? new SampleProject(Path.GetFullPath(root)) : throw new BadInputException(DiagnosticCodes.SampleMissing, $"{root} is not a sample project: it lacks {ProjectFolder.RecipesFolder}/{BaseRecipe} or {FirmwareFolder}/");

    /// <summary>The files of the sample <paramref name="kind"/>, relative to its root, in ordinal order.</summary>
    public IReadOnlyList<string> Files(ProjectSample kind)
    {
        var files = new List<string>();
        if (kind == ProjectSample.Thinvisor)
        {
            files.Add($"{ProjectFolder.RecipesFolder}/{BaseRecipe}");
            files.Add($"{ProjectFolder.RecipesFolder}/{RecipeCatalog.TargetsFolder}/{SampleTarget}");
            files.AddRange(Under(FirmwareFolder));
        }
        else
        {
            files.AddRange(Under(XenFolder).Where(f => !XenFetched.Contains(f[(XenFolder.Length + 1)..].Split('/')[0], StringComparer.Ordinal)));

            // A prebuilt core still has our loader in front of it, which is compiled from its sources and headers.
            files.AddRange(Under(FirmwareFolder + "/loader"));
            files.AddRange(Under(FirmwareFolder + "/include"));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private IEnumerable<string> Under(string folder)
    {
        var full = Path.Combine(Root, folder);
        return Directory.Exists(full)
            ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            : [];
    }

    private static bool IsSample(string root) =>
        File.Exists(Path.Combine(root, ProjectFolder.RecipesFolder, BaseRecipe)) && Directory.Exists(Path.Combine(root, FirmwareFolder));
}
