using System.CommandLine;
using Flashsmith.Diagnostics;
using Flashsmith.Reproducibility;
using Flashsmith.Signing;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith package-release DEB --root DIR --assets FILE...</c>, which tools/package runs for a release of the
/// tool itself: the package's SPDX document, then SHA256SUMS over both and its detached CMS signature, made by the
/// code that seals images. Hidden: it is a step of making a release, not a verb of the tool's users.
/// </summary>
public static class PackageReleaseCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var package = new Argument<FileInfo>("DEB") { Description = "The package file" };
        var root = new Option<DirectoryInfo>("--root") { Description = "The tree the package was made from", Required = true, HelpName = "DIR" };
        var assets = new Option<FileInfo[]>("--assets")
        {
            Description = "The project.assets.json files of the programs' builds: the NuGet packages compiled in",
            Required = true,
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = true,
        };
        var name = new Option<string>("--name") { Description = "The package's name", DefaultValueFactory = _ => "flashsmith" };
        var key = CommonOptions.Key();
        var command = new Command("package-release", "Write a package's SPDX document, SHA256SUMS and its signature") { package, root, assets, name, key };
        command.Hidden = true;
        command.SetAction(async (result, cancellation) =>
        {
            var deb = result.GetValue(package)!;
            if (!deb.Exists)
            {
                throw new BadInputException(DiagnosticCodes.InputMissing, $"{deb.FullName} does not exist");
            }

            var settings = RecipeInputs.Settings(environment);
            var created = DateTimeOffset.FromUnixTimeSeconds(settings.SourceDateEpoch
                ?? throw new BadInputException(DiagnosticCodes.BadEnvironment, $"a release names its time: set {Toolchains.ToolEnvironment.SourceDateEpoch}"));
            var folder = deb.DirectoryName!;
            var sbom = deb.FullName + SpdxDocument.Suffix;
            var dependencies = PackageSbom.FromAssets(result.GetValue(assets)!.Select(a => a.FullName));
            var text = PackageSbom.Write(deb.FullName, result.GetValue(name)!, FlashsmithCli.Version, result.GetValue(root)!.FullName, dependencies, created);
            await File.WriteAllTextAsync(sbom, text, cancellation).ConfigureAwait(false);

            var reference = result.GetValue(key) is { } given ? KeyReference.Parse(given, Path.GetFullPath) : KeyReference.Development;
            using var signing = KeyLoader.Load(reference, null, CommonOptions.ProjectRoot(result), environment.Variable);
            await ReleaseChecksums.WriteAsync(folder, [deb.FullName, sbom], signing, cancellation).ConfigureAwait(false);
            environment.Output.Profile.Out.Writer.WriteLine($"wrote {Path.GetFileName(sbom)}, {ReleaseChecksums.FileName} and {ReleaseChecksums.FileName}.p7s in {folder}");
            return ExitCodes.Success;
        });
        return command;
    }
}
