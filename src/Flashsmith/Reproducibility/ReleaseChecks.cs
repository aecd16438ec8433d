using Flashsmith.Diagnostics;
using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>What a release build demands of its sources: in a git checkout, nothing the recipes use may differ from the commit.</summary>
public static class ReleaseChecks
{
    /// <summary>Every file and folder a plan reads: its recipes, source folders and their headers, prebuilt modules and files, initramfs folders and depot packages.</summary>
    public static IEnumerable<string> InputPaths(BuildPlan plan)
    {
        foreach (var recipe in plan.RecipeChain)
        {
            yield return recipe;
        }

        foreach (var component in plan.Components)
        {
            foreach (var input in component.Inputs)
            {
                yield return input;
            }

            if (component.Descriptor is { } descriptor)
            {
                yield return descriptor;
            }
        }

        if (SourceTree.Root([plan]) is { } headers)
        {
            yield return headers;
        }
    }

    /// <summary>Refuses, naming every file, when a git checkout holds uncommitted changes to what the plans use.</summary>
    public static void RefuseUncommitted(IReadOnlyList<BuildPlan> plans)
    {
        var root = plans[0].ProjectRoot;
        var changed = SourceRevision.Uncommitted(root, plans.SelectMany(InputPaths).Select(Path.GetFullPath));
        if (changed is { Count: > 0 })
        {
            throw new BadInputException(DiagnosticCodes.ReleaseSources, [
                .. changed.Select(f => $"{f}: uncommitted change; a release is built only from committed sources"),
                "commit or revert these changes, then build the release again",
            ]);
        }
    }
}
