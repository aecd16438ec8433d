using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// flashsmith init writes a project of one's own from the sample, which then builds with nothing of this checkout: from
/// its root, from any subfolder and with --project from elsewhere, to the same image.
/// </summary>
public sealed class InitCommandTests(SampleBuild sample) : IClassFixture<SampleBuild>
{
    [Fact]
    public void A_new_project_builds_the_same_image_from_its_root_a_subfolder_and_with_project()
    {
        var project = sample.Temp.File("p");
        // The sample build's compiled objects, so that the project's first build compiles nothing.
        SampleBuild.CopyCache(sample.Temp, "p/.flashsmith/cache");

        var init = CliRun.Of("init", project);

        Assert.True(init.ExitCode == 0, init.Output + init.Error);
        // The firmware's files, the base recipe, one target, .gitignore and README.md.
        var files = Directory.GetFiles(Path.Combine(CliRun.RepositoryRoot, "src", "firmware"), "*", SearchOption.AllDirectories).Length + 4;
        Assert.Equal($"wrote a new thinvisor project in {project} ({files} files):", init.Output.Split('\n')[0]);
        foreach (var file in new[] { "recipes/thinvisor.yaml", "recipes/oem/dell-poweredge-r710.yaml", "src/firmware/core/main.c", "src/firmware/loader/main.c" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(CliRun.RepositoryRoot, file)), File.ReadAllBytes(Path.Combine(project, file)));
        }

        Assert.Equal("images/\n.flashsmith/\n.flashsmith-staging/\n", string.Join('\n', File.ReadAllLines(Path.Combine(project, ".gitignore")).Skip(1)) + "\n");
        Assert.Empty(Directory.GetDirectories(project, ".flashsmith-init-*"));

        var fromRoot = CliRun.InFolder(project, "build");
        Assert.True(fromRoot.ExitCode == 0, fromRoot.All);
        var image = Path.Combine(project, "images", SampleBuild.Target, SampleBuild.ImageName);
        var built = File.ReadAllBytes(image);
        Directory.Delete(Path.Combine(project, "images"), recursive: true);

        var sub = Path.Combine(project, "recipes", "oem");
        var fromSub = CliRun.InFolder(sub, "build");
        Assert.True(fromSub.ExitCode == 0, fromSub.All);
        Assert.Equal(built, File.ReadAllBytes(image));
        Assert.Equal(["dell-poweredge-r710.yaml"], Directory.GetFileSystemEntries(sub).Select(Path.GetFileName));
        Directory.Delete(Path.Combine(project, "images"), recursive: true);

        // From a folder of another project (the tests run inside this checkout), --project names the one to build.
        var elsewhere = CliRun.Of("--project", project, "build");
        Assert.True(elsewhere.ExitCode == 0, elsewhere.Output + elsewhere.Error);
        Assert.Equal(built, File.ReadAllBytes(image));

        // verify from the subfolder takes the project's development certificate, which signed the image.
        var verify = CliRun.InFolder(sub, "verify", image);
        Assert.True(verify.ExitCode == 0, verify.All);
    }

    [Fact]
    public void Init_refuses_a_folder_that_holds_a_project_and_changes_nothing()
    {
        var project = sample.Temp.File("twice");
        Assert.Equal(0, CliRun.Of("init", project).ExitCode);
        var readme = Path.Combine(project, "README.md");
        File.WriteAllText(readme, "mine\n");

        var again = CliRun.Of("init", project, "--sample", "xen");

        Assert.Equal(ExitCodes.BadInput, again.ExitCode);
        Assert.Equal($"error FS0007: {project} already holds a project: .gitignore, README.md, recipes, src; name a new or empty folder\n", again.Error);
        Assert.Equal("mine\n", File.ReadAllText(readme));
        Assert.False(Directory.Exists(Path.Combine(project, "examples")));
        Assert.Empty(Directory.GetDirectories(project, ".flashsmith-init-*"));
    }

    [Fact]
    public void A_xen_project_has_the_example_its_target_extends_and_an_executable_fetch_script()
    {
        var project = sample.Temp.File("xen");

        var init = CliRun.Of("--project", project, "init", "--sample", "xen");
        var plan = CliRun.Of("--project", project, "plan", "--target", "xen");

        Assert.True(init.ExitCode == 0, init.Output + init.Error);
        Assert.EndsWith($"next: cd {project} && examples/xen/fetch && flashsmith build\n", init.Output, StringComparison.Ordinal);
        Assert.True(!OperatingSystem.IsWindows() && File.GetUnixFileMode(Path.Combine(project, "examples/xen/fetch")).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.Exists(Path.Combine(project, "src/firmware/include/efi.h")));
        Assert.False(Directory.Exists(Path.Combine(project, "src/firmware/core")));

        // The target resolves through the example's recipe; what is missing is the payload that fetch downloads.
        Assert.Equal(ExitCodes.BadInput, plan.ExitCode);
        var errors = plan.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(errors);
        Assert.All(errors, line => Assert.Matches(@"examples/xen/xen\.yaml:\d+:\d+: error FS1011: .* names 'payload/", line));
    }

    [Fact]
    public void A_project_folder_that_does_not_exist_is_bad_input()
    {
        var missing = sample.Temp.File("nowhere");

        var run = CliRun.Of("targets", "--project", missing);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error FS0003: --project {missing}: no such folder\n", run.Error);
    }
}
