using Flashsmith.Pipeline;
using Flashsmith.Signing;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// A build with nothing new is answered by its stamps, writing nothing; any change to what the target reads or
/// writes builds again, and the outputs are then byte for byte those of a build into an empty folder.
/// </summary>
public sealed class NoOpBuildTests(NoOpBuildTests.WarmProject warm) : IClassFixture<NoOpBuildTests.WarmProject>
{
    private const string Target = "dell-poweredge-r710";
    private const string Image = "thinvisor-1.0.0-dell-poweredge-r710.img";
    private const string NothingToBuild = "nothing to build";

    [Fact]
    public void Second_build_writes_nothing_and_says_so()
    {
        using var project = warm.Clone();
        Assert.Equal(ExitCodes.Success, project.Build().ExitCode);
        var written = Directory.EnumerateFiles(project.Outputs).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var again = project.Build();
        var json = project.Build("--json");

        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains(NothingToBuild, again.Output, StringComparison.Ordinal);
        Assert.Contains("up to date, nothing written", again.Output, StringComparison.Ordinal);
        Assert.Contains("\"upToDate\": true", json.Output, StringComparison.Ordinal);
        Assert.All(written, w => Assert.Equal(w.Value, File.GetLastWriteTimeUtc(w.Key)));
    }

    [Fact]
    public void A_target_near_its_budget_is_told_so_again_when_nothing_is_built()
    {
        using var project = warm.Clone();
        const string near = "nec-express5800";
        var first = project.BuildTarget(near);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        var warning = Assert.Single(first.Output.Split('\n'), l => l.Contains("warning: partition 'bootbank'", StringComparison.Ordinal));

        var again = project.BuildTarget(near);
        Assert.Contains(NothingToBuild, again.Output, StringComparison.Ordinal);
        Assert.Contains(warning, again.Output.Split('\n'));
        Assert.Contains("\"budget\": \"warning\"", project.BuildTarget(near, "--json").Output, StringComparison.Ordinal);

        // A stamp whose budget line cannot be read vouches for nothing: the target is built again, and says so.
        var stamp = Directory.EnumerateFiles(project.File("cache/stamps")).Single(f => System.IO.File.ReadAllText(f).Contains("\nflagged\t", StringComparison.Ordinal));
        System.IO.File.WriteAllText(stamp, System.IO.File.ReadAllText(stamp).Replace(":warning", ":fine", StringComparison.Ordinal));
        var rebuilt = project.BuildTarget(near);
        Assert.True(rebuilt.ExitCode == ExitCodes.Success, rebuilt.Error);
        Assert.DoesNotContain(NothingToBuild, rebuilt.Output, StringComparison.Ordinal);
        Assert.Contains(warning, rebuilt.Output.Split('\n'));
    }

    [Theory]
    [InlineData("source")]
    [InlineData("new source")]
    [InlineData("header")]
    [InlineData("new header")]
    [InlineData("guest assembly")]
    [InlineData("guest linker script")]
    [InlineData("recipe")]
    [InlineData("base recipe")]
    [InlineData("key")]
    [InlineData("output")]
    [InlineData("SOURCE_DATE_EPOCH")]
    public void A_change_builds_again_and_gives_the_outputs_of_a_fresh_build(string change)
    {
        using var project = warm.Clone();
        var epoch = "1767225600";
        Assert.Equal(ExitCodes.Success, project.BuildAt(epoch).ExitCode);
        Assert.Contains(NothingToBuild, project.BuildAt(epoch).Output, StringComparison.Ordinal);
        var before = File.ReadAllBytes(Path.Combine(project.Outputs, Image));

        switch (change)
        {
            case "source":
                File.AppendAllText(project.File("src/firmware/drivers/e1000/e1000.c"), "\nint e1000_stamp_marker = 7;\n");
                break;
            case "new source":
                File.WriteAllText(project.File("src/firmware/drivers/e1000/extra.c"), "int e1000_extra_marker = 7;\n");
                break;
            case "header":
                File.AppendAllText(project.File("src/firmware/include/tv_driver.h"), "\n#define TV_STAMP_MARKER 7\n");
                break;
            case "new header":
                File.WriteAllText(project.File("src/firmware/drivers/e1000/tv_marker.h"), "#define TV_MARKER 7\n");
                break;
            case "guest assembly":
                File.AppendAllText(project.File("src/firmware/guests/hello/entry.S"), "\n    .globl entry_stamp_marker\nentry_stamp_marker:\n    ret\n");
                break;
            case "guest linker script":
                var script = project.File("src/firmware/guests/hello/guest.ld");
                File.WriteAllText(script, File.ReadAllText(script).Replace("*(.text.entry)", "*(.text.entry) . = . + 16;", StringComparison.Ordinal));
                break;
            case "recipe":
                var recipe = project.File($"recipes/oem/{Target}.yaml");
                File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("Thinvisor for Dell PowerEdge R710", "Thinvisor for Dell PowerEdge R710 (changed)", StringComparison.Ordinal));
                break;
            case "base recipe":
                File.AppendAllText(project.File("recipes/thinvisor.yaml"), "\n# changed\n");
                break;
            case "key":
                var keys = DevelopmentKey.DefaultFolder(project.Root);
                Directory.Delete(keys, recursive: true);
                DevelopmentKey.Generate(keys);
                break;
            case "output":
                File.WriteAllText(Path.Combine(project.Outputs, Image), "damaged");
                break;
            case "SOURCE_DATE_EPOCH":
                epoch = "1767225601";
                break;
        }

        var after = project.BuildAt(epoch);
        var fresh = project.BuildAt(epoch, "--out", project.File("fresh"));

        Assert.True(after.ExitCode == ExitCodes.Success, after.Error);
        Assert.DoesNotContain(NothingToBuild, after.Output, StringComparison.Ordinal);
        Assert.True(fresh.ExitCode == ExitCodes.Success, fresh.Error);
        var names = Directory.EnumerateFiles(project.Outputs).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(names, Directory.EnumerateFiles(project.File($"fresh/{Target}")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(project.Outputs, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(project.File($"fresh/{Target}/{name}"))),
                $"{name} differs from a fresh build's after the {change} changed");
        }

        var image = File.ReadAllBytes(Path.Combine(project.Outputs, Image));
        Assert.Equal(change is "header" or "new header" or "base recipe" or "output", image.AsSpan().SequenceEqual(before));
        Assert.Contains(NothingToBuild, project.BuildAt(epoch).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Touching_a_source_keeps_the_outputs_and_their_bytes()
    {
        using var project = warm.Clone();
        Assert.Equal(ExitCodes.Success, project.Build().ExitCode);
        var before = File.ReadAllBytes(Path.Combine(project.Outputs, Image));

        File.SetLastWriteTimeUtc(project.File("src/firmware/drivers/e1000/e1000.c"), DateTime.UtcNow.AddHours(1));
        var after = project.Build();

        // The stamp holds digests, not times: the same bytes read give the same bytes written.
        Assert.Contains(NothingToBuild, after.Output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(project.Outputs, Image)));
    }

    [Fact]
    public void A_settled_file_whose_status_is_unchanged_is_not_read_again_and_any_write_to_it_is_seen()
    {
        using var project = warm.Clone();
        var source = project.File("src/firmware/drivers/e1000/e1000.c");
        var modified = System.IO.File.GetLastWriteTimeUtc(source);

        // Files written just now are read at every check; once settled, their status stands for their bytes.
        Thread.Sleep(BuildStamp.RecentChange + TimeSpan.FromMilliseconds(200));
        Assert.Equal(ExitCodes.Success, project.Build().ExitCode);
        var stamp = Directory.EnumerateFiles(project.File("cache/stamps")).Single(f => System.IO.File.ReadLines(f).Any(l => l.EndsWith("\t" + source, StringComparison.Ordinal)));
        var lines = System.IO.File.ReadAllLines(stamp);
        var line = Array.FindIndex(lines, l => l.StartsWith("file\t", StringComparison.Ordinal) && l.EndsWith("\t" + source, StringComparison.Ordinal));
        var parts = lines[line].Split('\t');
        Assert.NotEqual("-", parts[2]);

        // The recorded digest is believed while the status holds: the file is not hashed again.
        var recorded = parts[1];
        parts[1] = new string('0', 64);
        lines[line] = string.Join('\t', parts);
        System.IO.File.WriteAllLines(stamp, lines);
        Assert.Contains(NothingToBuild, project.Build().Output, StringComparison.Ordinal);

        // Without a status it is read, and the digest no longer matches.
        parts[2] = "-";
        lines[line] = string.Join('\t', parts);
        System.IO.File.WriteAllLines(stamp, lines);
        Assert.DoesNotContain(NothingToBuild, project.Build().Output, StringComparison.Ordinal);
        Assert.Contains(NothingToBuild, project.Build().Output, StringComparison.Ordinal);

        // A change of the same size with its modification time put back still gives the file a new change time.
        var text = System.IO.File.ReadAllText(source);
        System.IO.File.WriteAllText(source, text.Replace("Intel PRO/1000", "INTEL PRO/1000", StringComparison.Ordinal));
        System.IO.File.SetLastWriteTimeUtc(source, modified);
        var after = project.Build();
        Assert.DoesNotContain(NothingToBuild, after.Output, StringComparison.Ordinal);
        Assert.NotEqual(recorded, System.IO.File.ReadAllLines(stamp).Single(l => l.EndsWith("\t" + source, StringComparison.Ordinal)).Split('\t')[1]);
    }

    /// <summary>The sample project, built once so that every copy starts with a warm compile cache and a development key.</summary>
    public sealed class WarmProject : IDisposable
    {
        private readonly TempFolder temp = new();
        private int copies;

        public WarmProject()
        {
            foreach (var folder in new[] { "recipes", Path.Combine("src", "firmware") })
            {
                temp.CopyIn(Path.Combine(CliRun.RepositoryRoot, folder), Path.Combine("base", folder));
            }

            var cache = SampleBuild.CopyCache(temp, "base/cache");
            var run = CliRun.Of("build", "--target", Target, "--recipes", temp.File("base/recipes"), "--out", temp.File("base/images"), "--cache", cache);
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }

        /// <summary>A copy of the project, its key and its compile cache at a new path.</summary>
        public Project Clone()
        {
            var root = temp.File($"copy-{Interlocked.Increment(ref copies)}");
            foreach (var folder in new[] { "recipes", Path.Combine("src", "firmware"), Path.Combine(".flashsmith", "keys"), "cache" })
            {
                temp.CopyIn(temp.File(Path.Combine("base", folder)), Path.Combine(Path.GetFileName(root), folder));
            }

            return new Project(root);
        }

        public void Dispose() => temp.Dispose();
    }

    public sealed class Project(string root) : IDisposable
    {
        public string Root => root;

        public string Outputs => File($"images/{Target}");

        public string File(string relative) => Path.Combine(root, relative);

        public CliRun Build(params string[] arguments) => BuildAt("1767225600", arguments);

        public CliRun BuildTarget(string target, params string[] arguments) =>
            CliRun.Of(["build", "--target", target, "--recipes", File("recipes"), "--cache", File("cache"), "--out", File("images"), .. arguments]);

        public CliRun BuildAt(string epoch, params string[] arguments)
        {
            var options = arguments.Contains("--out") ? arguments : [.. arguments, "--out", File("images")];
            return CliRun.With(name => name == "SOURCE_DATE_EPOCH" ? epoch : null, ["build", "--target", Target, "--recipes", File("recipes"), "--cache", File("cache"), .. options]);
        }

        public void Dispose() => Directory.Delete(root, recursive: true);
    }
}
