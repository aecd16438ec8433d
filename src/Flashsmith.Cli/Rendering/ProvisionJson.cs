using System.Text.Json.Nodes;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>provision --json</c>: the verified image and each device's outcome.</summary>
public static class ProvisionJson
{
    public static string Write(ProvisionReport report)
    {
        var document = new JsonObject
        {
            ["image"] = report.Image.Path,
            ["sha256"] = report.Image.Sha256,
            ["target"] = report.Image.Statement.Target,
            ["version"] = report.Image.Statement.Version,
            ["certificate"] = report.CertificateSubject,
            ["developmentCertificate"] = report.DevelopmentCertificate,
            ["log"] = report.LogPath,
            ["passed"] = report.AllOk,
            ["devices"] = new JsonArray(report.Devices.Select(d => (JsonNode?)new JsonObject
            {
                ["device"] = d.Device,
                ["model"] = d.Model,
                ["serial"] = d.DeviceSerial,
                ["sizeBytes"] = d.Size,
                ["unitSerial"] = d.Unit?.Serial,
                ["hostname"] = d.Unit?.Hostname,
                ["assetTag"] = d.Unit?.AssetTag,
                ["result"] = d.Result.ToName(),
                ["reason"] = d.Reason,
                ["bytesWritten"] = d.BytesWritten,
                ["seconds"] = Math.Round(d.Elapsed.TotalSeconds, 3),
                ["attempt"] = d.AttemptId,
            }).ToArray()),
        };
        return document.ToJsonString(JsonOutput.Options);
    }
}
