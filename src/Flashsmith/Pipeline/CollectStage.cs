using System.Security.Cryptography;
using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Pipeline;

/// <summary>Reads prebuilt driver modules from the depot and checks each against the SHA-256 the recipe pins.</summary>
public static class CollectStage
{
    public static async Task<CollectOutput> RunAsync(CollectInput input, CancellationToken cancellation)
    {
        var modules = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<Diagnostic>();
        foreach (var component in input.Plan.Components.Where(c => c.PrebuiltFile is not null))
        {
            var bytes = await File.ReadAllBytesAsync(component.PrebuiltFile!, cancellation).ConfigureAwait(false);
            var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (actual != component.Sha256)
            {
                problems.Add(new Diagnostic(DiagnosticCodes.PrebuiltMismatch, 
                    new SourcePosition(input.Plan.RecipeFile, 1, 1),
                    $"driver '{component.Name}': {ProjectFolder.Display(component.PrebuiltFile!)} has SHA-256 {actual}, but the recipe pins {component.Sha256}"));
                continue;
            }

            modules[component.Name] = bytes;
        }

        if (problems.Count > 0)
        {
            throw new BadInputException(problems);
        }

        return new CollectOutput(modules);
    }
}
