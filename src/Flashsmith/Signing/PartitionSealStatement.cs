using System.Globalization;
using System.Text.Json;

namespace Flashsmith.Signing;

/// <summary>
/// What a partition seal signs: one partition's data blocks as built, apart from any GPT entry, so that the
/// partition's volume can be copied into another partition (an update writes a new image's boot bank into the
/// bank that is not running) and still be checked against what was signed when it was built.
/// </summary>
public sealed record PartitionSealStatement(string Product, string Version, string Target, long Build, string Partition, long Size, int BlockSize, IReadOnlyList<SealedBlockRun> Blocks, IReadOnlyList<VolatileRange> Volatile)
{
    public const string Format = "flashsmith-partitionseal/1";

    /// <summary>The seal's file in the root of the partition it seals; its own bytes are volatile.</summary>
    public const string FileName = "seal.p7s";

    /// <summary>"thinvisor 1.1.0 dell-poweredge-r710, built as 'bootbank'".</summary>
    public string Describe() => $"{Product} {Version} {Target}, built as '{Partition}'";

    /// <summary>Whether this seals the same build as <paramref name="key"/>'s partition <paramref name="partition"/>.</summary>
    public bool IsFrom(KeySealStatement key, string partition) =>
        Product == key.Product && Version == key.Version && Target == key.Target && Partition == partition;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("product", Product);
            json.WriteString("version", Version);
            json.WriteString("target", Target);
            json.WriteNumber("build", Build);
            json.WriteString("partition", Partition);
            json.WriteNumber("size", Size);
            json.WriteNumber("block_size", BlockSize);
            SealJson.WriteVolatile(json, Volatile);
            SealJson.WriteBlocks(json, Blocks);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads a statement; anything malformed is an <see cref="InvalidDataException"/> saying what.</summary>
    public static PartitionSealStatement Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != Format)
            {
                throw new InvalidDataException($"its format is not {Format}");
            }

            var blockSize = root.GetProperty("block_size").GetInt32();
            var size = root.GetProperty("size").GetInt64();
            if (blockSize <= 0 || blockSize % 512 != 0 || size <= 0)
            {
                throw new InvalidDataException("its block size or partition size is out of range");
            }

            return new PartitionSealStatement(
                root.GetProperty("product").GetString()!,
                root.GetProperty("version").GetString()!,
                root.GetProperty("target").GetString()!,
                root.GetProperty("build").GetInt64(),
                root.GetProperty("partition").GetString()!,
                size,
                blockSize,
                SealJson.ReadBlocks(root),
                SealJson.ReadVolatile(root));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException or OverflowException)
        {
            throw new InvalidDataException($"it is not a readable partition seal statement: {ex.Message}", ex);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Describe()} ({Blocks.Sum(b => b.Digests.Count)} blocks)");
}
