using System.Text.RegularExpressions;
using Flashsmith.Cli.Rendering;
using Flashsmith.Cli.Tests.Reproducibility;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Packaging;

/// <summary>
/// The Debian package of the tool, judged by Debian's own tools: lintian finds no error in it, dpkg-deb reads it, two
/// runs make the same bytes, sha256sum and openssl check its release files, and installed with apt-get it starts a
/// project of its own outside this checkout that builds, verifies and boots, from the project and from a subfolder
/// alike; apt-get remove then leaves nothing of it.
/// </summary>
[Collection(NativeToolCollection.Name)]
public sealed partial class PackageTests(NativeTool native) : IDisposable
{
    private static readonly string[] OwnFolders = ["/usr/lib/flashsmith", "/usr/share/flashsmith", "/usr/share/doc/flashsmith"];

    private readonly TempFolder temp = new();

    private PackagedRelease Release => PackagedRelease.Of(native);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Two_runs_make_the_same_bytes_and_the_release_files_check()
    {
        var release = Release;
        var deb = release.Deb;
        Assert.True(release.Second.Run.ExitCode == 0, release.Second.Run.All);
        foreach (var file in new[] { PackagedRelease.PackageName, PackagedRelease.PackageName + ".spdx.json", "SHA256SUMS", "SHA256SUMS.p7s" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(release.First.Folder, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(release.Second.Folder, file))), $"{file} differs between two runs");
        }

        var sums = ExternalTool.Run("sh", "-c", "cd \"$0\" && sha256sum -c SHA256SUMS", release.First.Folder);
        var signature = ExternalTool.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", Path.Combine(release.First.Folder, "SHA256SUMS.p7s"), "-content", Path.Combine(release.First.Folder, "SHA256SUMS"), "-CAfile", release.Certificate, "-out", "/dev/null");
        var sbom = Judges.ValidateSpdx(deb + ".spdx.json");

        Assert.True(sums.ExitCode == 0, sums.All);
        Assert.Equal($"{PackagedRelease.PackageName}: OK\n{PackagedRelease.PackageName}.spdx.json: OK\n", sums.Output);
        Assert.True(signature.ExitCode == 0, signature.All);
        Assert.True(sbom.ExitCode == 0, sbom.All);
        var document = File.ReadAllText(deb + ".spdx.json");
        foreach (var part in new[] { "\"./usr/lib/flashsmith/Flashsmith.Cli\"", "\"pkg:nuget/System.CommandLine@", "\"pkg:nuget/YamlDotNet@", "\"./usr/share/flashsmith/sample/recipes/thinvisor.yaml\"" })
        {
            Assert.Contains(part, document, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Lintian_finds_no_error_and_dpkg_deb_reads_what_the_package_holds()
    {
        var deb = Release.Deb;

        var lintian = ExternalTool.Run("lintian", ["--fail-on", "error", "--no-tag-display-limit", deb], TimeSpan.FromMinutes(10));
        var fields = ExternalTool.Run("dpkg-deb", "--field", deb, "Package", "Version", "Architecture", "Depends", "Recommends", "Suggests");
        var contents = Contents(deb);

        Assert.True(lintian.ExitCode == 0 && !lintian.Output.Split('\n').Any(l => l.StartsWith("E: ", StringComparison.Ordinal)), lintian.All);
        Assert.True(fields.ExitCode == 0, fields.All);
        Assert.Matches(@"(?m)^Depends: libc6 \(>= [0-9.]+\), libssl3 \| libssl3t64, clang, lld, llvm$", fields.Output);
        Assert.Contains("Recommends: qemu-system-x86, ovmf, git\n", fields.Output, StringComparison.Ordinal);
        Assert.True(contents.ExitCode == 0, contents.All);
        var entries = contents.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(entries, e => Assert.Matches(@"^(lrwxrwxrwx|[-d]r[-w][-x]r-[-x]r-[-x]) root/root +\d+ 2026-01-01 00:00 \./", e));
        var paths = entries.Select(e => e[(e.IndexOf(" ./", StringComparison.Ordinal) + 1)..]).ToList();
        foreach (var path in new[]
        {
            "./usr/bin/flashsmith -> ../lib/flashsmith/Flashsmith.Cli", "./usr/lib/flashsmith/Flashsmith.Cli", "./usr/lib/flashsmith/Flashsmith.Station",
            "./usr/share/man/man1/flashsmith.1.gz", "./usr/share/man/man5/flashsmith-recipe.5.gz", "./usr/share/bash-completion/completions/flashsmith",
            "./usr/share/zsh/vendor-completions/_flashsmith", "./usr/share/fish/vendor_completions.d/flashsmith.fish",
            "./usr/share/flashsmith/sample/recipes/thinvisor.yaml", "./usr/share/flashsmith/sample/src/firmware/core/main.c", "./usr/share/flashsmith/sample/examples/xen/fetch",
        })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public void Installed_with_apt_get_a_new_project_builds_verifies_and_boots_and_remove_leaves_nothing()
    {
        Assert.True(ExternalTool.Run("id", "-u").Output.Trim() == "0", "installing the package needs root");
        var deb = Release.Deb;
        var listing = Contents(deb).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.StartsWith('d'))
            .Select(e => e[(e.IndexOf(" ./", StringComparison.Ordinal) + 2)..].Split(" -> ")[0])
            .ToList();

        // One installation at a time on this machine, whichever test run asks.
        using var gate = InstallGate();
        var install = Apt("install", "-y", "--no-install-recommends", deb);
        try
        {
            Assert.True(install.ExitCode == 0, install.All);
            Assert.Equal(PackagedRelease.Version + "\n", Installed(temp.Path, "--version").Output);

            var man = ExternalTool.Run("man", ["-l", "/usr/share/man/man1/flashsmith.1.gz"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MANWIDTH"] = "200", ["MANPAGER"] = "cat" });
            Assert.True(man.ExitCode == 0, man.All);
            foreach (var (path, _) in CommandTree.Walk(FlashsmithCli.CreateRoot(CliEnvironment.ForText(new StringWriter(), new StringWriter()))))
            {
                Assert.Matches($"(?m)^ {{3}}flashsmith {Regex.Escape(path)}( |$)", man.Output);
            }

            Assert.Equal("/usr/share/man/man1/flashsmith.1.gz\n", ExternalTool.Run("man", "-w", "flashsmith").Output);
            var recipePage = ExternalTool.Run("man", ["-l", "/usr/share/man/man5/flashsmith-recipe.5.gz"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["MANPAGER"] = "cat" });
            Assert.Contains("layout.partitions[].size", recipePage.Output, StringComparison.Ordinal);
            var completion = ExternalTool.Run("bash", "-c", "source /usr/share/bash-completion/completions/flashsmith && complete -p flashsmith");
            Assert.Equal("complete -o filenames -F _flashsmith flashsmith\n", completion.Output);

            // A project of one's own, outside this checkout, made and built with the installed tool alone.
            var init = Installed(temp.Path, "init", "p");
            Assert.True(init.ExitCode == 0, init.All);
            var project = temp.File("p");
            var build = Installed(project, "build");
            Assert.True(build.ExitCode == 0, build.All);
            var image = Path.Combine(project, "images", "dell-poweredge-r710", "thinvisor-1.0.0-dell-poweredge-r710.img");
            var built = File.ReadAllBytes(image);
            Directory.Delete(Path.Combine(project, "images"), recursive: true);
            var sub = Path.Combine(project, "recipes", "oem");
            var fromSub = Installed(sub, "build");
            Assert.True(fromSub.ExitCode == 0, fromSub.All);
            Assert.True(built.AsSpan().SequenceEqual(File.ReadAllBytes(image)), "the build from a subfolder made other bytes");
            var verify = Installed(sub, "verify", image);
            Assert.True(verify.ExitCode == 0, verify.All);
            var boot = Installed(project, "boot", image);
            Assert.True(boot.ExitCode == 0, boot.All);
            Assert.Contains("THINVISOR READY", boot.All, StringComparison.Ordinal);

            // Nothing the runs made went beside the tool: its folders hold what the package put there and no more.
            var present = OwnFolders.Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal);
            Assert.Equal(listing.Where(p => OwnFolders.Any(f => p.StartsWith(f + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal), present);
        }
        finally
        {
            var remove = Apt("remove", "-y", "flashsmith");
            Assert.True(remove.ExitCode == 0, remove.All);
        }

        Assert.All(listing, path => Assert.False(Path.Exists(path) || new FileInfo(path).LinkTarget is not null, $"{path} is left after apt-get remove"));
        Assert.All(OwnFolders, folder => Assert.False(Directory.Exists(folder), $"{folder} is left after apt-get remove"));
    }

    private static ExternalTool.Result Contents(string deb) =>
        ExternalTool.Run("dpkg-deb", ["--contents", deb], TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["TZ"] = "UTC" });

    /// <summary>An exclusive lock on a file every test run takes before it installs; waits for another run's.</summary>
    private static FileStream InstallGate()
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(30);
        while (true)
        {
            try
            {
                return new FileStream("/run/lock/flashsmith-package-test.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
        }
    }

    private static ExternalTool.Result Apt(params string[] arguments) =>
        ExternalTool.Run("apt-get", ["-o", "DPkg::Lock::Timeout=600", "-q", .. arguments], TimeSpan.FromMinutes(15), new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });

    /// <summary>The installed flashsmith, run from <paramref name="folder"/>.</summary>
    private static ExternalTool.Result Installed(string folder, params string[] arguments) =>
        ExternalTool.Run("sh", ["-c", "cd \"$0\" && exec /usr/bin/flashsmith \"$@\"", folder, .. arguments], TimeSpan.FromMinutes(10), new Dictionary<string, string> { ["NO_COLOR"] = "1" });
}
