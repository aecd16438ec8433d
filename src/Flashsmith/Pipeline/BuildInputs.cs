using Flashsmith.Planning;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// What a target's build reads, as far as it is known before anything is compiled: <see cref="Files"/> whose bytes
/// shape the outputs (the recipes, the key and certificate, prebuilt modules and their vendor certificates, what an
/// initramfs packs, the depot), and <see cref="Folders"/> where a file added or removed changes the build (source and
/// include folders, the folders an initramfs packs, the depot). The compiler names the rest, the headers each source
/// includes (see <see cref="CompileOutput.Inputs"/>). <see cref="KeyOnToken"/>: the key is on a token, which no file describes.
/// </summary>
public sealed record BuildInputs(IReadOnlyList<string> Files, IReadOnlyList<string> Folders, bool KeyOnToken)
{
    /// <summary>The inputs of <paramref name="plan"/> signed with <paramref name="key"/> (see <see cref="KeyRing.ReferenceFor(BuildPlan, KeyReference?)"/>).</summary>
    public static BuildInputs Of(BuildPlan plan, KeyReference key, string? certificate)
    {
        var keyFiles = KeyRing.FilesOf(key, certificate, plan.ProjectRoot);
        var sourceComponents = plan.Components.Where(c => c.SourceFolder is not null).ToList();
        var folders = sourceComponents.Select(c => c.SourceFolder!).Concat(sourceComponents.SelectMany(c => (c.Compile ?? Recipes.CompileInputs.None).Include.Select(i => i.Value))).ToList();
        var files = new List<string>(plan.RecipeChain);
        files.AddRange(keyFiles ?? []);
        files.AddRange(plan.Components.Where(c => c.PrebuiltFile is not null).Select(c => c.PrebuiltFile!));
        files.AddRange(plan.Components.Select(c => c.VendorCertificate).OfType<string>());

        // An initramfs changes with any file added to, changed in or removed from the folders it packs.
        foreach (var packed in plan.Components.Where(c => c.Initramfs is not null).SelectMany(c => c.Inputs))
        {
            if (Directory.Exists(packed))
            {
                folders.Add(packed);
                folders.AddRange(Directory.EnumerateDirectories(packed, "*", SearchOption.AllDirectories));
                files.AddRange(Directory.EnumerateFiles(packed, "*", SearchOption.AllDirectories));
            }
            else
            {
                files.Add(packed);
            }
        }

        if (plan.Depot is { } depot)
        {
            folders.Add(depot);
            files.AddRange(Directory.EnumerateFiles(depot, "*", SearchOption.AllDirectories));
        }

        return new BuildInputs(files, folders, keyFiles is null);
    }
}
