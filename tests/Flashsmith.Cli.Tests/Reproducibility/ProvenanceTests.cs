using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Reproducibility;

/// <summary>The signed provenance beside each image: a DSSE envelope that openssl verifies, over an in-toto statement true to the build.</summary>
public sealed class ProvenanceTests(ReleaseBuild build) : IClassFixture<ReleaseBuild>
{
    private string Envelope => build.Image + ".intoto.jsonl";

    [Fact]
    public void Openssl_verifies_the_envelope_signature_over_a_PAE_built_here()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        var lines = File.ReadAllLines(Envelope);
        Assert.Single(lines);
        var envelope = JsonNode.Parse(lines[0])!;
        Assert.Equal("application/vnd.in-toto+json", envelope["payloadType"]!.GetValue<string>());
        var payload = Convert.FromBase64String(envelope["payload"]!.GetValue<string>());
        var signature = envelope["signatures"]![0]!;
        var pae = build.Temp.File("pae.bin");
        var sig = build.Temp.File("pae.sig");
        var type = "application/vnd.in-toto+json";
        File.WriteAllBytes(pae, [.. Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} {type} {payload.Length.ToString(CultureInfo.InvariantCulture)} "), .. payload]);
        File.WriteAllBytes(sig, Convert.FromBase64String(signature["sig"]!.GetValue<string>()));
        var publicKey = build.Temp.File("release-public.pem");
        File.WriteAllText(publicKey, ExternalTool.Check("openssl", "x509", "-in", build.Certificate, "-pubkey", "-noout").Output);

        var verified = ExternalTool.Run("openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", sig, pae);
        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.Contains("Verified OK", verified.Output, StringComparison.Ordinal);

        var fingerprint = ExternalTool.Check("openssl", "x509", "-in", build.Certificate, "-noout", "-fingerprint", "-sha256").Output;
        Assert.Equal(fingerprint.Split('=')[1].Trim().Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), signature["keyid"]!.GetValue<string>());

        // A changed byte of the payload no longer verifies.
        var bytes = File.ReadAllBytes(pae);
        bytes[^2] ^= 1;
        File.WriteAllBytes(pae, bytes);
        Assert.NotEqual(0, ExternalTool.Run("openssl", "dgst", "-sha256", "-verify", publicKey, "-signature", sig, pae).ExitCode);
    }

    [Fact]
    public void The_statement_names_every_output_with_its_digest()
    {
        var statement = Statement();
        Assert.Equal("https://in-toto.io/Statement/v1", statement["_type"]!.GetValue<string>());
        Assert.Equal("https://slsa.dev/provenance/v1", statement["predicateType"]!.GetValue<string>());
        var subjects = statement["subject"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["digest"]!["sha256"]!.GetValue<string>());
        var outputs = Directory.EnumerateFiles(build.Folder).Where(f => !f.EndsWith(".intoto.jsonl", StringComparison.Ordinal)).ToList();
        Assert.Equal(outputs.Select(Path.GetFileName).Order(StringComparer.Ordinal), subjects.Keys.Order(StringComparer.Ordinal));
        foreach (var output in outputs)
        {
            Assert.Equal(SbomTests.Sha256Sum(output), subjects[Path.GetFileName(output)]);
        }
    }

    [Fact]
    public void The_predicate_names_the_recipe_every_input_and_the_tools()
    {
        var predicate = Statement()["predicate"]!;
        var definition = predicate["buildDefinition"]!;
        Assert.StartsWith("https://", definition["buildType"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("/v1", definition["buildType"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("recipes/oem/hp-proliant-dl380-g5.yaml", definition["externalParameters"]!["recipe"]!.GetValue<string>());
        Assert.Equal(ReleaseBuild.Target, definition["externalParameters"]!["target"]!.GetValue<string>());
        Assert.False(definition["externalParameters"]!["release"]!.GetValue<bool>());

        var inputs = definition["resolvedDependencies"]!.AsArray().Select(d => d!).ToList();
        var byName = inputs.Where(i => i["digest"]!["sha256"] is not null).ToDictionary(i => i["name"]!.GetValue<string>(), i => i["digest"]!["sha256"]!.GetValue<string>());
        var expected = new[] { "recipes/thinvisor.yaml", "recipes/oem/hp-proliant-dl380-g5.yaml", "recipes/depot/hp-amsd-11.4.0/package.yaml" }
            .Concat(Directory.EnumerateFiles(Path.Combine(CliRun.RepositoryRoot, "src/firmware/drivers/e1000"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(CliRun.RepositoryRoot, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(CliRun.RepositoryRoot, "src/firmware/core"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(CliRun.RepositoryRoot, f)));
        foreach (var name in expected)
        {
            Assert.True(byName.ContainsKey(name), $"{name} is not among the inputs: {string.Join(", ", byName.Keys)}");
            Assert.Equal(SbomTests.Sha256Sum(Path.Combine(CliRun.RepositoryRoot, name)), byName[name]);
        }

        var head = ExternalTool.Run("git", "-C", CliRun.RepositoryRoot, "rev-parse", "HEAD");
        Assert.True(head.ExitCode == 0, head.All);
        Assert.Contains(inputs, i => i["digest"]!["gitCommit"]?.GetValue<string>() == head.Output.Trim());

        var builder = predicate["runDetails"]!["builder"]!;
        Assert.StartsWith("https://", builder["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Debian clang version", builder["version"]!["compiler"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(predicate["runDetails"]!["byproducts"]!.AsArray(), b => b!["name"]!.GetValue<string>() == "compiled/e1000.efi");
    }

    [Fact]
    public void The_provenance_holds_no_time_host_user_or_absolute_path()
    {
        var text = Encoding.UTF8.GetString(Payload());
        Assert.DoesNotContain(build.Root, text, StringComparison.Ordinal);
        Assert.DoesNotContain(CliRun.RepositoryRoot, text, StringComparison.Ordinal);
        // As a word: a short host name (such as "vm") may well be part of a file name ("svm.c").
        Assert.DoesNotMatch($@"(?<![A-Za-z0-9]){System.Text.RegularExpressions.Regex.Escape(Environment.MachineName)}(?![A-Za-z0-9])", text);
        Assert.DoesNotContain("\"/", text, StringComparison.Ordinal);
        Assert.DoesNotContain(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("startedOn", text, StringComparison.Ordinal);
    }

    private byte[] Payload()
    {
        Assert.True(build.Run.ExitCode == ExitCodes.Success, build.Run.Error);
        return Convert.FromBase64String(JsonNode.Parse(File.ReadAllLines(Envelope)[0])!["payload"]!.GetValue<string>());
    }

    private JsonNode Statement() => JsonNode.Parse(Payload())!;
}
