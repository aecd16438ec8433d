using System.Security.Cryptography;
using Flashsmith.Signing;

namespace Flashsmith.Fuzz.Targets;

/// <summary>
/// The verbs that read images and keys other people hand over, run as a user runs them: any exit code but 1 passes,
/// as the guard turns every typed refusal into its own code and only a bug into 1.
/// </summary>
public static class CommandTargets
{
    private const string ImageName = "disk.img";

    /// <summary><c>inspect IMAGE</c> as a table and as JSON.</summary>
    public static void Inspect(FuzzWorkspace workspace, byte[] input)
    {
        var image = WriteImage(workspace, input);
        CommandRun.Run(workspace, "inspect", image, "--json");
        CommandRun.Run(workspace, "inspect", image);
    }

    /// <summary>
    /// <c>extract IMAGE N:/ -o DIR --force</c> for the first four partitions. Nothing may be written outside DIR:
    /// DIR is nested three folders deep in the scratch folder, and anything beside it at any level is a finding.
    /// </summary>
    public static void Extract(FuzzWorkspace workspace, byte[] input)
    {
        var image = WriteImage(workspace, input);
        var nest = Path.Combine(workspace.Scratch, "a", "b", "c");
        var output = Path.Combine(nest, "out");
        Directory.CreateDirectory(output);
        for (var partition = 1; partition <= 4; partition++)
        {
            CommandRun.Run(workspace, "extract", image, $"{partition}:/", "-o", output, "--force");
        }

        var expected = new[] { (workspace.Folder, "scratch"), (workspace.Scratch, "a"), (Path.Combine(workspace.Scratch, "a"), "b"), (Path.Combine(workspace.Scratch, "a", "b"), "c"), (nest, "out") };
        foreach (var (folder, only) in expected)
        {
            var stray = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Where(n => n != only && !(folder == workspace.Folder && n is "project" or FuzzWorkspace.FixedFolder) && !(folder == workspace.Scratch && n == ImageName)).ToList();
            if (stray.Count > 0)
            {
                throw new FuzzFindingException($"extract wrote outside its output folder: {string.Join(", ", stray.Select(s => Path.Combine(folder, s!)))}");
            }
        }
    }

    /// <summary>
    /// <c>verify IMAGE</c> with a seal made afresh over the input by the trusted key (so the checks go past the seal),
    /// then with no seal beside it (a key, or an image missing its seal).
    /// </summary>
    public static void Verify(FuzzWorkspace workspace, byte[] input)
    {
        var image = WriteImage(workspace, input);
        using (var file = File.OpenRead(image))
        {
            File.WriteAllBytes(image + ".p7s", ImageSeal.Create(SHA256.HashData(file), workspace.Key));
        }

        CommandRun.Run(workspace, "verify", image, "--cert", workspace.CertificatePath);
        CommandRun.Run(workspace, "verify", image, "--cert", workspace.CertificatePath, "--json");
        File.Delete(image + ".p7s");
        CommandRun.Run(workspace, "verify", image, "--cert", workspace.CertificatePath);
    }

    /// <summary><c>banks TARGET</c>, as a table and as JSON.</summary>
    public static void Banks(FuzzWorkspace workspace, byte[] input)
    {
        var image = WriteImage(workspace, input);
        CommandRun.Run(workspace, "banks", image, "--cert", workspace.CertificatePath);
        CommandRun.Run(workspace, "banks", image, "--cert", workspace.CertificatePath, "--json");
    }

    /// <summary>
    /// <c>update TARGET NEW_IMAGE --yes --allow-downgrade</c>: the input is the key or image to update; the new image is
    /// a good one, signed by the trusted key, so the update goes on to read the target's seal, banks and boot.cfg and
    /// to write its bank. Then <c>banks TARGET</c> reads back what it wrote.
    /// </summary>
    public static void Update(FuzzWorkspace workspace, byte[] input)
    {
        var image = WriteImage(workspace, input);
        var update = workspace.UpdateImage();
        CommandRun.Run(workspace, "update", image, update, "--yes", "--allow-downgrade", "--cert", workspace.CertificatePath);
        CommandRun.Run(workspace, "banks", image, "--cert", workspace.CertificatePath);
    }

    /// <summary><c>pcr TARGET</c>, as a table and as JSON.</summary>
    public static void Pcr(FuzzWorkspace workspace, byte[] input)
    {
        var image = WriteImage(workspace, input);
        CommandRun.Run(workspace, "pcr", image);
        CommandRun.Run(workspace, "pcr", image, "--json");
    }

    /// <summary>
    /// <c>validate recipes/fuzz.yaml</c>: the recipe reader as a whole (YAML, extends and merge, the model, the plan),
    /// in a project whose recipes/ is the repository's and whose sources are the repository's.
    /// </summary>
    public static void Validate(FuzzWorkspace workspace, byte[] input)
    {
        var recipe = Path.Combine(workspace.Project, "recipes", "fuzz.yaml");
        File.WriteAllBytes(recipe, input);
        CommandRun.Run(workspace, "validate", recipe);
    }

    private static string WriteImage(FuzzWorkspace workspace, byte[] input)
    {
        var image = Path.Combine(workspace.CleanScratch(), ImageName);
        SparseDisk.Read(input).WriteFile(image);
        return image;
    }
}
