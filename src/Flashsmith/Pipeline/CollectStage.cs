using Flashsmith.Diagnostics;
using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>Reads prebuilt driver modules from the depot and checks each against the SHA-256 the recipe pins.</summary>
public static class CollectStage
{
    public static async Task<CollectOutput> RunAsync(CollectInput input, CancellationToken cancellation)
    {
        var modules = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new DiagnosticBag();
        foreach (var component in input.Plan.Components.Where(c => c.PrebuiltFile is not null))
        {
            var bytes = await File.ReadAllBytesAsync(component.PrebuiltFile!, cancellation).ConfigureAwait(false);
            if (PrebuiltModules.Check(component, bytes) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            modules[component.Name] = bytes;
        }

        problems.ThrowIfAny();
        return new CollectOutput(modules);
    }
}
