using System.Diagnostics;
using System.Text.Json.Nodes;
using Flashsmith.Diagnostics;
using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>
/// Builds the targets twice from scratch, each time in a fresh copy of the project under a temporary
/// folder and under different conditions (<see cref="BuildVariation"/>), each build a flashsmith process
/// of its own; or once, to compare with a published release folder. Then compares every output.
/// </summary>
public static class Reproducer
{
    public static async Task<ReproduceReport> RunAsync(ReproduceRequest request, IProgress<string> progress, CancellationToken cancellation)
    {
        var workspace = Directory.CreateTempSubdirectory("flashsmith-reproduce-").FullName;
        var keep = request.Keep;
        try
        {
            var commit = SourceRevision.Commit(request.ProjectRoot, request.Environment);
            var first = await BuildAsync(request, BuildVariation.First, workspace, commit, progress, cancellation).ConfigureAwait(false);
            string second;
            string secondLabel;
            if (request.Against is { } against)
            {
                second = Path.GetFullPath(against);
                secondLabel = "release folder";
            }
            else
            {
                second = await BuildAsync(request, BuildVariation.Second, workspace, commit, progress, cancellation).ConfigureAwait(false);
                secondLabel = "second build";
            }

            var identical = new List<OutputDigest>();
            var differences = new List<OutputDifference>();
            var causes = new List<string>();
            foreach (var target in Directory.EnumerateDirectories(first).Where(d => File.Exists(Path.Combine(d, BuildPlan.ManifestFileName))).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal))
            {
                var other = Path.Combine(second, target);
                if (request.Against is not null && !Directory.Exists(other) && Directory.EnumerateFiles(second).Any(f => Path.GetFileName(f).EndsWith($"-{target}.img", StringComparison.Ordinal)))
                {
                    other = second;
                }

                var result = OutputComparer.Compare(target, Path.Combine(first, target), other, request.Against is null ? "first build" : "fresh build", secondLabel);
                identical.AddRange(result.Identical);
                differences.AddRange(result.Differences);
                causes.AddRange(result.Causes);
            }

            var kept = keep ? Directory.EnumerateDirectories(workspace).Order(StringComparer.Ordinal).ToList() : [];
            return new ReproduceReport(identical, differences, causes, kept);
        }
        finally
        {
            if (!keep && Directory.Exists(workspace))
            {
                Directory.Delete(workspace, recursive: true);
            }
        }
    }

    /// <summary>Copies the project and builds it under <paramref name="variation"/>; returns the folder of its outputs.</summary>
    private static async Task<string> BuildAsync(ReproduceRequest request, BuildVariation variation, string workspace, string? commit, IProgress<string> progress, CancellationToken cancellation)
    {
        var root = Path.Combine(workspace, variation.Label);
        var project = Path.Combine(root, variation.ProjectPath);
        var home = Path.Combine(root, "home");
        Directory.CreateDirectory(home);
        Copy(request.ProjectRoot, request.Inputs, project, variation.ReverseOrder);
        progress.Report($"{variation} in {project}");
        if (variation.WarmCache)
        {
            await RunBuildAsync(request, variation, project, home, commit, "warm-up", cancellation).ConfigureAwait(false);
        }

        await RunBuildAsync(request, variation, project, home, commit, "images", cancellation).ConfigureAwait(false);
        return Path.Combine(project, "images");
    }

    /// <summary>Copies the inputs (files or folders, relative to the project), creating the files in ordinal or reverse order.</summary>
    private static void Copy(string projectRoot, IReadOnlyList<string> inputs, string destination, bool reverse)
    {
        var files = inputs
            .SelectMany(i => Directory.Exists(Path.Combine(projectRoot, i))
                ? Directory.EnumerateFiles(Path.Combine(projectRoot, i), "*", SearchOption.AllDirectories)
                : File.Exists(Path.Combine(projectRoot, i)) ? [Path.Combine(projectRoot, i)] : [])
            .Select(f => Path.GetRelativePath(projectRoot, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "images" or "cache" or "staging" || part.StartsWith(".flashsmith-staging", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (reverse)
        {
            files.Reverse();
        }

        foreach (var file in files)
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(projectRoot, file), target);
        }
    }

    private static async Task RunBuildAsync(ReproduceRequest request, BuildVariation variation, string project, string home, string? commit, string output, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] arguments = ["-c", "umask \"$0\" && exec \"$@\"", variation.Umask, .. request.Flashsmith, "build", .. request.BuildArguments,
            "--out", output, "--jobs", variation.Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TZ"] = variation.TimeZone;
        start.Environment["LANG"] = variation.Locale;
        start.Environment["LC_ALL"] = variation.Locale;
        start.Environment["HOME"] = home;
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in request.BuildVariables ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        if (commit is not null)
        {
            start.Environment[SourceRevision.CommitVariable] = commit;
        }
        else
        {
            start.Environment.Remove(SourceRevision.CommitVariable);
        }

        var run = await Toolchains.ToolRunner.RunAsync(start, cancellation).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Diagnostic.WithoutPrefix).ToList();
            if (lines.Count == 0)
            {
                lines = (JsonNode.Parse(run.Output)?["targets"]?.AsArray().SelectMany(t => t?["errors"]?.AsArray().Select(e => e!.GetValue<string>()) ?? []) ?? []).ToList();
            }

            throw new BadInputException(DiagnosticCodes.ReproductionFailed, [$"the {variation.Label} build ({output}) failed with exit code {run.ExitCode}", .. lines]);
        }
    }
}
