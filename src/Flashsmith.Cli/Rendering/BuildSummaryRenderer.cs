using System.Globalization;
using Flashsmith.Disk;
using Flashsmith.Pipeline;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>The end of a build: per target, the image, its SHA-256, each partition's used and free bytes, and the time.</summary>
public static class BuildSummaryRenderer
{
    public static void Render(BuildResult result, IAnsiConsole console)
    {
        var compile = result.Compile;
        console.MarkupLine(Markup.Escape($"compiled {compile.Compiled} source{Plural(compile.Compiled)}, linked {compile.Linked} image{Plural(compile.Linked)}, {compile.CachedObjects} object{Plural(compile.CachedObjects)} from the cache ({compile.Toolchain.CompilerVersion})"));
        foreach (var target in result.Targets)
        {
            var table = new Table().Title(Markup.Escape($"{target.Plan.Target}: {Recipes.ProjectFolder.Display(target.Output.ImagePath)}"))
                .AddColumns("Partition", "File system", "Size", "Used", "Free");
            foreach (var partition in target.Plan.Layout.Partitions)
            {
                if (target.Volumes.TryGetValue(partition.Name, out var volume))
                {
                    table.AddRow(
                        Markup.Escape(partition.Name),
                        volume.Geometry.Type.ToString().ToUpperInvariant(),
                        Markup.Escape(partition.Size.ToString()),
                        Markup.Escape(new ByteSize(volume.UsedBytes).ToString()),
                        Markup.Escape(new ByteSize(volume.FreeBytes).ToString()));
                }
                else
                {
                    table.AddRow(Markup.Escape(partition.Name), "none", Markup.Escape(partition.Size.ToString()), "-", "-");
                }
            }

            console.Write(table);
            console.MarkupLine(Markup.Escape($"  sha256 {target.Output.ImageSha256}"));
            var signature = target.Output.Signature;
            console.MarkupLine(signature.Development
                ? $"  [bold yellow]signed with the DEVELOPMENT key[/]: not for release ({Markup.Escape(signature.Subject)})"
                : Markup.Escape($"  signed by {signature.Subject} (certificate sha256 {signature.CertificateSha256})"));
            var how = target.Output.UpToDate ? "up to date, nothing written" : "built";
            console.MarkupLine(Markup.Escape($"  {how} in {target.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s"));
        }
    }

    private static string Plural(int count) => count == 1 ? string.Empty : "s";
}
