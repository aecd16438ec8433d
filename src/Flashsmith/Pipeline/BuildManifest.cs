using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Json;
using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>manifest.json: the image, the tools that shaped it, its partitions, components and every file with its SHA-256.</summary>
public static class BuildManifest
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(EmitInput input, string imageSha256)
    {
        var plan = input.Plan;
        var files = input.Signed.Files;
        var document = new JsonObject
        {
            ["format"] = "flashsmith-manifest/1",
            ["product"] = plan.Product,
            ["version"] = plan.Version.ToString(),
            ["target"] = plan.Target,
            ["banner"] = plan.Banner,
            ["epoch"] = new JsonObject
            {
                ["seconds"] = plan.Epoch.Seconds,
                ["utc"] = plan.Epoch.Time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
            ["image"] = new JsonObject
            {
                ["file"] = plan.ImageFileName,
                ["sizeBytes"] = plan.Layout.FlashSize.Bytes,
                ["sha256"] = imageSha256,
            },
            ["signature"] = new JsonObject
            {
                ["seal"] = plan.ImageFileName + ".p7s",
                ["certificateSubject"] = SignatureInfo.Of(input.Key).Subject,
                ["certificateSha256"] = SignatureInfo.Of(input.Key).CertificateSha256,
                ["development"] = input.Key.IsDevelopment,
            },
            ["toolchain"] = new JsonObject
            {
                ["preset"] = input.Toolchain.Name,
                ["compiler"] = input.Toolchain.CompilerVersion,
                ["linker"] = input.Toolchain.LinkerVersion,
            },
            ["guestToolchains"] = new JsonArray((input.GuestToolchains ?? []).Select(t => (JsonNode?)new JsonObject
            {
                ["preset"] = t.Name,
                ["compiler"] = t.CompilerVersion,
                ["linker"] = t.LinkerVersion,
                ["converter"] = t.ConverterVersion,
            }).ToArray()),
            ["partitions"] = new JsonArray(plan.Layout.Partitions.Select(p => (JsonNode?)new JsonObject
            {
                ["index"] = p.Index,
                ["name"] = p.Name,
                ["offsetBytes"] = p.Offset.Bytes,
                ["sizeBytes"] = p.Size.Bytes,
                ["filesystem"] = input.Assembly.Volumes.TryGetValue(p.Name, out var v) ? v.Geometry.Type.ToString().ToLowerInvariant() : "none",
                ["label"] = p.Label,
            }).ToArray()),
            ["components"] = new JsonArray(plan.Components.Select(c =>
            {
                var file = files.First(f => f.Component == c.Name && f.Path == c.PathInPartition);
                // A guest is a flat binary, not a PE image: nothing signs it, the sealed manifest's hash vouches for it.
                var signer = input.Signed.Signers.GetValueOrDefault(c.Name);
                var component = new JsonObject
                {
                    ["name"] = c.Name,
                    ["kind"] = c.Kind.ToString().ToLowerInvariant(),
                    ["version"] = c.Version.ToString(),
                    ["group"] = c.Group,
                    ["partition"] = file.Partition,
                    ["path"] = file.Path,
                    ["sizeBytes"] = file.Bytes.Length,
                    ["sha256"] = file.Sha256,
                    ["from"] = c.SourceFolder is not null ? "sources" : c.PrebuiltFile is not null ? "prebuilt" : c.Text is not null ? "text" : "initramfs",
                    ["authenticode"] = signer is null ? null : new JsonObject
                    {
                        ["signer"] = signer.Subject,
                        ["certificateSha256"] = signer.CertificateSha256,
                        ["byBuild"] = signer.CertificateSha256 == SignatureInfo.Of(input.Key).CertificateSha256,
                    },
                };
                if (c.Purl is { } purl)
                {
                    component["purl"] = purl;
                }

                if (c.Paths.Count > 1)
                {
                    component["installs"] = new JsonArray(c.Paths.Select(p => (JsonNode?)p).ToArray());
                }

                return (JsonNode?)component;
            }).ToArray()),
            ["files"] = new JsonArray(files.OrderBy(f => f.Partition, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal).Select(f => (JsonNode?)new JsonObject
            {
                ["partition"] = f.Partition,
                ["path"] = f.Path,
                ["sizeBytes"] = f.Bytes.Length,
                ["sha256"] = f.Sha256,
            }).ToArray()),
        };
        return document.ToJsonString(Options) + "\n";
    }
}
