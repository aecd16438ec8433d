using Flashsmith.Pipeline;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>An output folder on a full disk, in the wrong place or not writable is an error naming the path, never a bug, and leaves nothing behind.</summary>
public sealed class OutputFailureTests(SampleBuild build) : IClassFixture<SampleBuild>, IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Full_disk_exits_5_naming_the_path_and_leaves_nothing_behind()
    {
        var disk = temp.File("full");
        Directory.CreateDirectory(disk);
        ExternalTool.Check("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk);
        try
        {
            var run = Build(Path.Combine(disk, "out"));

            Assert.Equal(ExitCodes.DeviceFailure, run.ExitCode);
            Assert.Contains("No space left on device", run.Error, StringComparison.Ordinal);
            Assert.Contains($"error FS6002: {disk}/", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("this is a bug", run.Output + run.Error, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(disk));
        }
        finally
        {
            ExternalTool.Run("umount", "-l", disk);
        }
    }

    [Fact]
    public void Output_naming_a_file_or_a_folder_under_a_file_exits_2()
    {
        var file = temp.File("a-file");
        File.WriteAllText(file, "x");

        var direct = Build(file);
        var below = Build(Path.Combine(file, "out"));

        Assert.Equal(ExitCodes.BadInput, direct.ExitCode);
        Assert.Equal($"error FS6001: {file}: the output folder is a file; name a folder (it is made when missing)", direct.Error.Trim());
        Assert.Equal(ExitCodes.BadInput, below.ExitCode);
        Assert.Equal($"error FS6001: {file}/out: the output folder cannot be made: {file} is a file, not a folder", below.Error.Trim());
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Folder_that_cannot_be_written_exits_2_naming_it()
    {
        var locked = temp.File("immutable");
        Directory.CreateDirectory(locked);
        ExternalTool.Check("chattr", "+i", locked);
        try
        {
            var run = Build(Path.Combine(locked, "out"));

            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.Contains($"error FS6001: {locked}/out: the output folder cannot be made:", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("this is a bug", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            ExternalTool.Check("chattr", "-i", locked);
        }
    }

    [Fact]
    public void Folder_swap_exchanges_the_new_outputs_for_the_old_in_one_step()
    {
        var final = temp.File("final");
        var ready = temp.File("ready");
        Directory.CreateDirectory(final);
        File.WriteAllText(Path.Combine(final, "old"), "old");
        Directory.CreateDirectory(ready);
        File.WriteAllText(Path.Combine(ready, "new"), "new");

        Assert.True(FolderSwap.Replace(ready, final));

        Assert.Equal(["new"], Directory.EnumerateFiles(final).Select(Path.GetFileName));
        Assert.Equal(["old"], Directory.EnumerateFiles(ready).Select(Path.GetFileName));
        Assert.False(FolderSwap.Replace(Path.Combine(ready), temp.File("fresh")));
        Assert.True(File.Exists(Path.Combine(temp.File("fresh"), "old")));
    }

    private CliRun Build(string output) =>
        CliRun.Of("build", "--target", SampleBuild.Target, "--recipes", CliRun.Recipes, "--out", output, "--cache", build.Cache);
}
