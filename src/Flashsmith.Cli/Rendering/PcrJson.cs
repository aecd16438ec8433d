using System.Text.Json.Nodes;
using Flashsmith.Boot.Measurement;

namespace Flashsmith.Cli.Rendering;

/// <summary><c>pcr --json</c>: the PCR, and for each bank its predicted value and the events that give it.</summary>
public static class PcrJson
{
    public static JsonObject Write(string target, IReadOnlyList<BankMeasurement> banks) => new()
    {
        ["target"] = target,
        ["pcr"] = MeasuredBoot.Pcr,
        ["algorithm"] = "sha256",
        ["banks"] = new JsonArray([.. banks.Select(b => (JsonNode?)new JsonObject
        {
            ["bank"] = b.Bank,
            ["version"] = b.Version,
            ["value"] = b.Value,
            ["problem"] = b.Problem,
            ["events"] = new JsonArray([.. b.Events.Select(e => (JsonNode?)new JsonObject
            {
                ["pcr"] = MeasuredBoot.Pcr,
                ["type"] = e.TypeName,
                ["event"] = e.Description,
                ["sha256"] = e.DigestHex,
            })]),
        })]),
    };
}
