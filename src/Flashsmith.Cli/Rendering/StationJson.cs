using System.Text.Json.Nodes;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary>The station as its page shows it: before the image is verified, only what it was asked to do.</summary>
public static class StationJson
{
    public static JsonObject Render(StationOptions options, VerifiedImage? image, string? log, bool development) => new()
    {
        ["station"] = options.Station,
        ["slots"] = options.Slots.Text,
        ["ready"] = image is not null,
        ["image"] = image?.Name,
        ["target"] = image?.Statement.Target,
        ["version"] = image?.Statement.Version,
        ["sha256"] = image?.Sha256,
        ["log"] = log,
        ["developmentCertificate"] = development,
    };
}
