using System.Globalization;

namespace Flashsmith.Reproducibility;

/// <summary>
/// The parameters a target's provenance records for its build (see <see cref="ProvenanceStatement"/>): the recipe
/// relative to the project, the target, whether it was a release, the epoch and the toolchain preset; with the
/// provenance file they were read from. Read, not trusted: they say how to build again, the comparison judges.
/// </summary>
public sealed record ReleaseParameters(string File, string Recipe, string Target, bool Release, long Epoch, string Toolchain)
{
    /// <summary>
    /// The parameters of <paramref name="target"/> in a release folder (its <c>TARGET/</c> folder, or the folder
    /// itself when it holds the target's outputs); null when no provenance there names the target.
    /// </summary>
    public static ReleaseParameters? Find(string folder, string target)
    {
        var below = Path.Combine(folder, target);
        foreach (var file in Directory.EnumerateFiles(Directory.Exists(below) ? below : folder, "*" + DsseEnvelope.Suffix).Order(StringComparer.Ordinal))
        {
            if (Read(file) is { } parameters && parameters.Target == target)
            {
                return parameters;
            }
        }

        return null;
    }

    /// <summary>The parameters in one provenance file; null when it cannot be read or lacks them.</summary>
    public static ReleaseParameters? Read(string file)
    {
        var definition = ProvenanceDifference.Statement(System.IO.File.ReadAllText(file))?["predicate"]?["buildDefinition"];
        var external = definition?["externalParameters"];
        var internalParameters = definition?["internalParameters"];
        try
        {
            return external?["recipe"]?.GetValue<string>() is { } recipe
                && external["target"]?.GetValue<string>() is { } target
                && external["release"]?.GetValue<bool>() is { } release
                && internalParameters?["epoch"]?.GetValue<long>() is { } epoch
                && internalParameters["toolchain"]?.GetValue<string>() is { } toolchain
                ? new ReleaseParameters(file, recipe, target, release, epoch, toolchain)
                : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public string EpochText => Epoch.ToString(CultureInfo.InvariantCulture);
}
