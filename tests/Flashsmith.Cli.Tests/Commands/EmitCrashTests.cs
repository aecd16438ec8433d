using System.Diagnostics;
using System.Security.Cryptography;
using Flashsmith.Pipeline;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// A build killed with SIGKILL at each point of Emit (the seam <see cref="CrashPoint"/>) leaves under the target's
/// name either the complete old outputs or the complete new ones, and whichever it is verifies.
/// </summary>
public sealed class EmitCrashTests(FirmwareProject project) : IClassFixture<FirmwareProject>
{
    private const string Target = "crash";

    [Fact]
    public void Kill_at_every_emit_point_leaves_the_old_or_the_new_outputs_whole()
    {
        project.Target(Target, string.Empty);
        Assert.Equal(ExitCodes.Success, project.Build("--target", Target).ExitCode);
        var final = project.Temp.File($"images/{Target}");
        var outcomes = new List<string>();
        for (var i = 0; i < CrashPoint.EmitPoints.Count; i++)
        {
            var point = CrashPoint.EmitPoints[i];
            var before = Snapshot(final);

            // Each run has its own epoch, so that its outputs differ from those before it.
            var exit = BuildInChild(point, 1_800_000_000 + i);

            Assert.True(exit == 137, $"{point}: the build was not killed there (exit {exit})");
            var after = Snapshot(final);
            Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            var isOld = after.All(f => before[f.Key] == f.Value);
            if (!isOld)
            {
                Assert.True(after.All(f => before[f.Key] != f.Value || f.Key == "budget.json"), $"{point}: the outputs mix old and new files");
            }

            var image = Path.Combine(final, $"demo-1.0.0-{Target}.img");
            var verify = CliRun.Of("verify", image, "--cert", project.Temp.File(".flashsmith/keys/dev/cert.pem"));
            Assert.True(verify.ExitCode == ExitCodes.Success, $"{point}: {verify.Output}{verify.Error}");
            outcomes.Add($"{point}: {(isOld ? "old" : "new")}");

            // What the killed run left in staging is its own stage alone: each run clears those of runs killed before it.
            var left = Directory.EnumerateDirectories(project.Temp.File(".flashsmith/staging"), Target + ".*").Count();
            Assert.True(left == (point == "emit-old-removed" ? 0 : 1), $"{point}: {left} stages are left");
        }

        // Killed before the exchange, the old outputs stay; killed after it, the new ones are in place.
        Assert.Equal(
            CrashPoint.EmitPoints.Select(p => $"{p}: {(p is "emit-swapped" or "emit-old-removed" ? "new" : "old")}"),
            outcomes);
        Assert.True(CrashPoint.EmitPoints.Count >= 10);
        var staging = project.Temp.File(".flashsmith/staging");

        // The next build clears what the killed ones left in staging.
        Assert.Equal(ExitCodes.Success, project.Build("--target", Target).ExitCode);
        Assert.False(Directory.Exists(staging) && Directory.EnumerateDirectories(staging, Target + ".*").Any());
    }

    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    private int BuildInChild(string point, long epoch)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment[CrashPoint.Variable] = point;
        start.Environment["SOURCE_DATE_EPOCH"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Flashsmith.Cli.dll"), "build", "--target", Target, "--recipes", project.Temp.File("recipes"), "--out", project.Temp.File("images"), "--cache", project.Cache })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), $"{point}: the build did not end");
        Task.WaitAll(output, error);
        return process.ExitCode;
    }
}
