using System.Text.Json.Nodes;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Cli.Rendering;

/// <summary>An inspected image as JSON: offsets and sizes in bytes.</summary>
public static class DiskReportJson
{
    public static string Write(DiskReport report)
    {
        var table = report.Table;
        var document = new JsonObject
        {
            ["style"] = table.Style.ToString().ToLowerInvariant(),
            ["sizeBytes"] = table.DiskSize.Bytes,
            ["diskGuid"] = table.Style == Disk.Partitions.PartitionStyle.Gpt ? table.DiskGuid.ToString() : null,
            ["warnings"] = new JsonArray(table.Warnings.Select(w => (JsonNode?)w).ToArray()),
            ["partitions"] = new JsonArray(report.Volumes.Select(Volume).ToArray()),
        };
        return document.ToJsonString(JsonOutput.Options);
    }

    private static JsonNode Volume(VolumeReport v) => new JsonObject
    {
        ["index"] = v.Partition.Index,
        ["name"] = v.Partition.Name,
        ["type"] = PartitionTypeNames.For(v.Partition),
        ["typeGuid"] = v.Partition.TypeGuid == Guid.Empty ? null : v.Partition.TypeGuid.ToString(),
        ["guid"] = v.Partition.UniqueGuid == Guid.Empty ? null : v.Partition.UniqueGuid.ToString(),
        ["startBytes"] = v.Partition.Offset.Bytes,
        ["sizeBytes"] = v.Partition.Size.Bytes,
        ["filesystem"] = v.Type?.ToString().ToLowerInvariant(),
        ["label"] = v.Label,
        ["usedBytes"] = v.Type is null ? null : v.UsedBytes,
        ["freeBytes"] = v.Type is null ? null : v.FreeBytes,
        ["problem"] = v.Problem,
        ["files"] = new JsonArray(v.Entries.Select(e => (JsonNode?)new JsonObject
        {
            ["path"] = e.Path,
            ["directory"] = e.IsDirectory,
            ["sizeBytes"] = e.Size,
        }).ToArray()),
    };
}
