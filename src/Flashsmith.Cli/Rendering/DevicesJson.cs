using System.Text.Json.Nodes;
using Flashsmith.Devices;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary>The disks and their verdicts as JSON: the same facts as the table, sizes in bytes.</summary>
public static class DevicesJson
{
    public static string Write(ProvisionImage? image, IReadOnlyList<SafetyVerdict> verdicts)
    {
        var document = new JsonObject
        {
            ["image"] = image is null ? null : new JsonObject
            {
                ["path"] = image.Path,
                ["sizeBytes"] = image.Size.Bytes,
                ["disks"] = Strings(image.Disks),
            },
            ["devices"] = new JsonArray([.. verdicts.Select(Device)]),
        };
        return document.ToJsonString(JsonOutput.Options);
    }

    private static JsonNode Device(SafetyVerdict verdict)
    {
        var device = verdict.Target.Device!;
        return new JsonObject
        {
            ["name"] = device.Name,
            ["path"] = device.Path,
            ["majorMinor"] = device.Number.ToString(),
            ["vendor"] = device.Vendor,
            ["model"] = device.Model,
            ["serial"] = device.Serial,
            ["sizeBytes"] = device.Size.Bytes,
            ["logicalBlockSize"] = device.LogicalBlockSize,
            ["transport"] = device.Transport.ToString().ToLowerInvariant(),
            ["removable"] = device.Removable,
            ["readOnly"] = device.ReadOnly,
            ["virtual"] = device.Virtual,
            ["system"] = device.IsSystem,
            ["backingFile"] = device.BackingFile,
            ["partitions"] = new JsonArray([.. device.Partitions.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Name,
                ["path"] = p.Path,
                ["majorMinor"] = p.Number.ToString(),
                ["number"] = p.Index,
                ["startBytes"] = p.Start.Bytes,
                ["sizeBytes"] = p.Size.Bytes,
            })]),
            ["mounted"] = new JsonArray([.. device.Uses.Select(u => (JsonNode?)new JsonObject
            {
                ["device"] = u.Device,
                ["through"] = Strings(u.Through),
                ["kind"] = u.Kind switch { DeviceUseKind.Swap => "swap", DeviceUseKind.SwapFile => "swap-file", _ => "mount" },
                ["target"] = u.Target,
                ["system"] = u.IsSystem,
            })]),
            ["holders"] = new JsonArray([.. device.Holders.Select(h => (JsonNode?)new JsonObject { ["device"] = h.Device, ["holder"] = h.Holder })]),
            ["verdict"] = verdict.IsOk ? "ok" : "refused",
            ["reasons"] = new JsonArray([.. verdict.Reasons.Select(r => (JsonNode?)new JsonObject
            {
                ["code"] = r.Code,
                ["phrase"] = r.Phrase,
                ["message"] = r.Message,
            })]),
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
