using System.Text.Json;

namespace Flashsmith.Signing;

/// <summary>The parts the key seal and the partition seal write alike: block digests and volatile ranges.</summary>
internal static class SealJson
{
    public static void WriteBlocks(Utf8JsonWriter json, IReadOnlyList<SealedBlockRun> runs)
    {
        json.WriteStartArray("blocks");
        foreach (var run in runs)
        {
            json.WriteStartObject();
            json.WriteNumber("first", run.First);
            json.WriteStartArray("sha256");
            foreach (var digest in run.Digests)
            {
                json.WriteStringValue(Convert.ToHexStringLower(digest));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Writes the volatile ranges; none writes nothing, so that a seal without them reads as before.</summary>
    public static void WriteVolatile(Utf8JsonWriter json, IReadOnlyList<VolatileRange> ranges)
    {
        if (ranges.Count == 0)
        {
            return;
        }

        json.WriteStartArray("volatile");
        foreach (var range in ranges)
        {
            json.WriteStartObject();
            json.WriteNumber("offset", range.Offset);
            json.WriteNumber("length", range.Length);
            if (range.Original is { } original)
            {
                json.WriteString("original", Convert.ToHexStringLower(original));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static List<SealedBlockRun> ReadBlocks(JsonElement element) =>
        element.GetProperty("blocks").EnumerateArray()
            .Select(r => new SealedBlockRun(r.GetProperty("first").GetInt64(), r.GetProperty("sha256").EnumerateArray().Select(d => Convert.FromHexString(d.GetString()!)).ToList()))
            .ToList();

    public static List<VolatileRange> ReadVolatile(JsonElement element) =>
        element.TryGetProperty("volatile", out var ranges)
            ? ranges.EnumerateArray()
                .Select(r => new VolatileRange(r.GetProperty("offset").GetInt64(), r.GetProperty("length").GetInt32(), r.TryGetProperty("original", out var o) ? Convert.FromHexString(o.GetString()!) : null))
                .Where(r => r.Offset >= 0 && r.Length > 0 && (r.Original is null || r.Original.Length == r.Length))
                .ToList()
            : [];
}
