using Flashsmith.Diagnostics;
using Flashsmith.Recipes;

namespace Flashsmith.Projects;

/// <summary>
/// Writes a new project from a sample: its recipes (a base product and one OEM target), the sources or payload script
/// they name, a .gitignore for what builds make, and a short README. The project builds with the tool alone.
/// </summary>
public static class ProjectInitializer
{
    public const string GitIgnore = ".gitignore";

    public const string Readme = "README.md";

    /// <summary>The OEM target a new Xen project starts with, under recipes/oem/.</summary>
    public const string XenTarget = "xen.yaml";

    /// <summary>
    /// Writes the project into <paramref name="folder"/>, made when missing. The files land together: they are written
    /// into a staging folder inside it first and moved in when complete, so a failed run leaves nothing of them.
    /// </summary>
    public static NewProject Create(string folder, ProjectSample sample, SampleProject from)
    {
        var root = Path.GetFullPath(folder);
        var copied = from.Files(sample);
        var generated = Generated(sample);
        var entries = copied.Concat(generated.Select(g => g.Path)).Select(TopLevel).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Refuse(root, entries);

        var made = !Directory.Exists(root);
        var staging = Path.Combine(root, $".flashsmith-init-{Environment.ProcessId}");
        var moved = new List<string>();
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in copied)
            {
                var to = Path.Combine(staging, file);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(Path.Combine(from.Root, file), to);
            }

            foreach (var (path, text) in generated)
            {
                var to = Path.Combine(staging, path);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.WriteAllText(to, text);
            }

            foreach (var entry in entries)
            {
                var source = Path.Combine(staging, entry);
                var target = Path.Combine(root, entry);
                if (Directory.Exists(source))
                {
                    Directory.Move(source, target);
                }
                else
                {
                    File.Move(source, target);
                }

                moved.Add(target);
            }

            Directory.Delete(staging);
        }
        catch (Exception ex) when (FileSystemErrors.IsFileSystemFailure(ex))
        {
            Remove(staging, moved, made ? root : null);
            throw FileSystemErrors.Describe(ex, root, "writing the new project failed");
        }
        catch
        {
            Remove(staging, moved, made ? root : null);
            throw;
        }

        return new NewProject(root, sample, [.. copied.Concat(generated.Select(g => g.Path)).Order(StringComparer.Ordinal)]);
    }

    /// <summary>The files made here rather than copied, with their text.</summary>
    private static List<(string Path, string Text)> Generated(ProjectSample sample)
    {
        var files = new List<(string, string)>
        {
            (GitIgnore, $"# What builds make: images, and the caches, keys and staging under {ProjectState.FolderName}/.\n{ProjectFolder.ImagesFolder}/\n{ProjectState.FolderName}/\n{ProjectState.FolderName}-staging/\n"),
        };
        if (sample == ProjectSample.Thinvisor)
        {
            files.Add((Readme, $"""
                # A Flashsmith project

                `{ProjectFolder.RecipesFolder}/{SampleProject.BaseRecipe}` is the base product; each file in `{ProjectFolder.RecipesFolder}/{RecipeCatalog.TargetsFolder}/` is an OEM target that extends it.
                `{SampleProject.FirmwareFolder}/` holds the sources of the hypervisor core, its loader, drivers and guest.

                    flashsmith build     # every target's signed flash image, into {ProjectFolder.ImagesFolder}/
                    flashsmith boot {ProjectFolder.ImagesFolder}/<target>/*.img   # boot one under QEMU with OVMF

                `man flashsmith` describes every verb, `man flashsmith-recipe` every recipe key. Builds keep their
                cache and the development key in `{ProjectState.FolderName}/`, found from any folder of the project.

                """));
        }
        else
        {
            files.Add(($"{ProjectFolder.RecipesFolder}/{RecipeCatalog.TargetsFolder}/{XenTarget}", $"""
                # An OEM target of the Xen product: {SampleProject.XenFolder}/{SampleProject.XenRecipe} with this target's changes.
                extends: ../../{SampleProject.XenFolder}/{SampleProject.XenRecipe}

                product:
                  banner: Thinvisor with Xen 4.17

                """));
            files.Add((Readme, $"""
                # A Flashsmith project: Xen with a Linux dom0

                `{SampleProject.XenFolder}/{SampleProject.XenRecipe}` is the base product, a prebuilt Xen with a Debian Linux dom0; each file in
                `{ProjectFolder.RecipesFolder}/{RecipeCatalog.TargetsFolder}/` is an OEM target that extends it. Its payload comes from pinned Debian packages:

                    {SampleProject.XenFolder}/fetch       # downloads and checks them, into {SampleProject.XenFolder}/payload/
                    flashsmith build         # every target's signed flash image, into {ProjectFolder.ImagesFolder}/

                `{SampleProject.XenFolder}/README.md` describes the payload; `man flashsmith` every verb, `man flashsmith-recipe` every recipe key.

                """));
        }

        return files;
    }

    /// <summary>Refuses a folder that holds a project, or any file or folder the new project would put in it.</summary>
    private static void Refuse(string root, IReadOnlyList<string> entries)
    {
        if (File.Exists(root))
        {
            throw new BadInputException(DiagnosticCodes.OutputPath, $"{ProjectFolder.Display(root)} is a file, not a folder; name a new or empty folder");
        }

        var present = entries.Where(e => Path.Exists(Path.Combine(root, e))).ToList();
        if (present.Count > 0)
        {
            var what = Directory.Exists(Path.Combine(root, ProjectFolder.RecipesFolder)) ? "already holds a project" : "already holds what a new project would write";
            throw new BadInputException(DiagnosticCodes.ProjectExists, $"{ProjectFolder.Display(root)} {what}: {string.Join(", ", present)}; name a new or empty folder");
        }
    }

    private static void Remove(string staging, IEnumerable<string> moved, string? root)
    {
        try
        {
            foreach (var path in moved)
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
            }

            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            if (root is not null && Directory.Exists(root) && !Directory.EnumerateFileSystemEntries(root).Any())
            {
                Directory.Delete(root);
            }
        }
        catch (Exception ex) when (FileSystemErrors.IsFileSystemFailure(ex))
        {
            // The failure being reported says what went wrong; what could not be removed is left as it is.
        }
    }

    private static string TopLevel(string path) => path.Split('/')[0];
}
