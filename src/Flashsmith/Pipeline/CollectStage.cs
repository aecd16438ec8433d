using System.Text;
using Flashsmith.Diagnostics;
using Flashsmith.Payloads;
using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>
/// Gathers everything the build does not compile: reads prebuilt modules, a prebuilt core and files, each checked
/// against the SHA-256 the recipe pins, writes text files as UTF-8, and packs initramfs folders reproducibly.
/// </summary>
public static class CollectStage
{
    public static async Task<CollectOutput> RunAsync(CollectInput input, CancellationToken cancellation)
    {
        var components = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new DiagnosticBag();
        foreach (var component in input.Plan.Components.Where(c => c.SourceFolder is null && c.Kind != ComponentKind.Loader))
        {
            if (component.PrebuiltFile is { } file)
            {
                var bytes = await File.ReadAllBytesAsync(file, cancellation).ConfigureAwait(false);
                if (PrebuiltModules.Check(component, bytes) is { } problem)
                {
                    problems.Add(problem);
                    continue;
                }

                components[component.Name] = bytes;
            }
            else if (component.Text is { } text)
            {
                components[component.Name] = Encoding.UTF8.GetBytes(text);
            }
            else if (component.Initramfs is { } initramfs)
            {
                if (Pack(component, initramfs, input.Plan.Epoch.Seconds, problems) is { } archive)
                {
                    components[component.Name] = archive;
                }
            }
        }

        problems.ThrowIfAny();
        return new CollectOutput(components);
    }

    /// <summary>Packs an initramfs once every added file that is pinned matches; null, with the problems added, when it cannot be.</summary>
    private static byte[]? Pack(PlannedComponent component, PlannedInitramfs initramfs, long epochSeconds, DiagnosticBag problems)
    {
        var what = PrebuiltModules.What(component);
        try
        {
            foreach (var addition in initramfs.Additions.Where(a => a.Sha256 is not null))
            {
                using var stream = File.OpenRead(addition.From);
                var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
                if (actual != addition.Sha256)
                {
                    problems.Add(DiagnosticCodes.InitramfsUnpackable, component.Position, $"{what}: {Recipes.ProjectFolder.Display(addition.From)} (added at {addition.To}) has SHA-256 {actual}, but the recipe pins {addition.Sha256}");
                    return null;
                }
            }

            return InitramfsPacker.Pack(initramfs.Folder, initramfs.Additions.Select(a => new InitramfsAddition(a.From, a.To)).ToList(), epochSeconds);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException || FileSystemErrors.IsFileSystemFailure(ex))
        {
            problems.Add(DiagnosticCodes.InitramfsUnpackable, component.Position, $"{what}: the initramfs from {Recipes.ProjectFolder.Display(initramfs.Folder)} cannot be packed: {ex.Message}");
            return null;
        }
    }
}
