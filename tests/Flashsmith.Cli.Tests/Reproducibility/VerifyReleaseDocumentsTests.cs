using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary><c>verify</c> checks the SBOMs' digests against the image and the provenance's signature and subjects.</summary>
public sealed class VerifyReleaseDocumentsTests(ReleaseBuild build) : IClassFixture<ReleaseBuild>, IDisposable
{
    private readonly TempFolder copy = new();

    public void Dispose() => copy.Dispose();

    [Fact]
    public void Verify_checks_both_SBOMs_and_the_provenance_of_an_untouched_build()
    {
        var image = Copy();
        var run = CliRun.Of("verify", image, "--cert", build.Certificate);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Output + run.Error);
        Assert.Contains($"ok     SBOM {ReleaseBuild.ImageName}.spdx.json", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok     SBOM {ReleaseBuild.ImageName}.cdx.json", run.Output, StringComparison.Ordinal);
        Assert.Contains($"ok     provenance {ReleaseBuild.ImageName}.intoto.jsonl", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_SBOM_whose_file_digest_is_not_the_image_s_fails_naming_the_file()
    {
        var image = Copy();
        var spdx = JsonNode.Parse(File.ReadAllText(image + ".spdx.json"))!;
        var file = spdx["files"]!.AsArray().Single(f => f!["fileName"]!.GetValue<string>() == "./bootbank/e1000.efi")!;
        file["checksums"]!.AsArray().Single(c => c!["algorithm"]!.GetValue<string>() == "SHA256")!["checksumValue"] = new string('0', 64);
        File.WriteAllText(image + ".spdx.json", spdx.ToJsonString());

        var run = CliRun.Of("verify", image, "--cert", build.Certificate);
        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains($"error FS5005: {ReleaseBuild.ImageName}: SBOM {ReleaseBuild.ImageName}.spdx.json: ./bootbank/e1000.efi has SHA-256", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_output_fails_the_provenance_naming_the_output()
    {
        var image = Copy();
        File.AppendAllText(Path.Combine(Path.GetDirectoryName(image)!, "budget.json"), " ");
        var run = CliRun.Of("verify", image, "--cert", build.Certificate);
        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains($"provenance {ReleaseBuild.ImageName}.intoto.jsonl: budget.json has SHA-256", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Provenance_signed_by_another_key_fails()
    {
        var image = Copy();
        var envelope = JsonNode.Parse(File.ReadAllText(image + ".intoto.jsonl"))!;
        var statement = JsonNode.Parse(Convert.FromBase64String(envelope["payload"]!.GetValue<string>()))!;
        statement["predicate"]!["buildDefinition"]!["externalParameters"]!["release"] = true;
        envelope["payload"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(statement.ToJsonString()));
        File.WriteAllText(image + ".intoto.jsonl", envelope.ToJsonString() + "\n");

        var run = CliRun.Of("verify", image, "--cert", build.Certificate);
        Assert.Equal(ExitCodes.VerificationFailed, run.ExitCode);
        Assert.Contains($"provenance {ReleaseBuild.ImageName}.intoto.jsonl: its signature does not hold: no signature in it was made by CN=release", run.Error, StringComparison.Ordinal);
    }

    private string Copy()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        copy.CopyIn(build.Folder, "release");
        return copy.File("release/" + ReleaseBuild.ImageName);
    }
}
