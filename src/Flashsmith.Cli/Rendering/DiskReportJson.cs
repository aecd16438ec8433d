using System.Text.Json.Nodes;
using Flashsmith.Disk.Imaging;
using Flashsmith.Payloads;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// An inspected image as JSON: offsets and sizes in bytes. A file that is an initramfs carries its members in
/// "initramfs", paths as the archive stores them, modes in octal as ls writes them, times in seconds since 1970.
/// </summary>
public static class DiskReportJson
{
    public static string Write(DiskReport report, IReadOnlyList<InitramfsFile> initramfs)
    {
        var archives = initramfs.ToDictionary(f => (f.Partition.Index, f.Path));
        var table = report.Table;
        var document = new JsonObject
        {
            ["style"] = table.Style.ToString().ToLowerInvariant(),
            ["sizeBytes"] = table.DiskSize.Bytes,
            ["diskGuid"] = table.Style == Disk.Partitions.PartitionStyle.Gpt ? table.DiskGuid.ToString() : null,
            ["warnings"] = new JsonArray(table.Warnings.Select(w => (JsonNode?)w).ToArray()),
            ["partitions"] = new JsonArray(report.Volumes.Select(v => Volume(v, archives)).ToArray()),
        };
        return document.ToJsonString(JsonOutput.Options);
    }

    private static JsonNode Volume(VolumeReport v, Dictionary<(int, string), InitramfsFile> archives) => new JsonObject
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
        ["files"] = new JsonArray(v.Entries.Select(e => File(e, archives.GetValueOrDefault((v.Partition.Index, e.Path)))).ToArray()),
    };

    private static JsonNode File(VolumeEntry e, InitramfsFile? archive)
    {
        var file = new JsonObject
        {
            ["path"] = e.Path,
            ["directory"] = e.IsDirectory,
            ["sizeBytes"] = e.Size,
        };
        if (archive is not null)
        {
            file["initramfs"] = new JsonArray(archive.Entries.Select(m => (JsonNode?)new JsonObject
            {
                ["path"] = m.Path,
                ["type"] = CpioModeText.Type(m),
                ["mode"] = CpioModeText.Permissions(m),
                ["uid"] = m.Uid,
                ["gid"] = m.Gid,
                ["mtime"] = m.ModifiedSeconds,
                ["sizeBytes"] = m.Size,
                ["linkTarget"] = m.LinkTarget,
            }).ToArray());
        }

        return file;
    }
}
