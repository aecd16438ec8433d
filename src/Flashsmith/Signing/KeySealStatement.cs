using System.Globalization;
using System.Text.Json;
using Flashsmith.Disk.Partitions;

namespace Flashsmith.Signing;

/// <summary>
/// What the key seal signs: the product, version and target, the disk GUID, and every partition's GPT
/// entry and data blocks. A key carries it in its unit partition, so that anyone can check the key's
/// partitions and table without the image: the unit partition and the end of the key may differ, nothing else.
/// </summary>
public sealed record KeySealStatement(string Product, string Version, string Target, string ImageFile, long ImageSize, int BlockSize, Guid DiskGuid, IReadOnlyList<SealedPartition> Partitions)
{
    public const string Format = "flashsmith-keyseal/1";

    /// <summary>The seal's file in the root of the unit partition.</summary>
    public const string FileName = "keyseal.p7s";

    /// <summary>The block size of the seal's digests: the block map's, so that a key written by bmaptool holds every sealed block.</summary>
    public const int DefaultBlockSize = 4096;

    public SealedPartition? Unit => Partitions.FirstOrDefault(p => p.IsUnit);

    /// <summary>The statement as JSON: the same statement always gives the same bytes.</summary>
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
            json.WriteString("image", ImageFile);
            json.WriteNumber("image_size", ImageSize);
            json.WriteNumber("block_size", BlockSize);
            json.WriteString("disk_guid", DiskGuid.ToString("D"));
            json.WriteStartArray("partitions");
            foreach (var p in Partitions)
            {
                json.WriteStartObject();
                json.WriteNumber("index", p.Index);
                json.WriteString("name", p.Entry.Name);
                json.WriteString("type", p.Entry.TypeGuid.ToString("D"));
                json.WriteString("guid", p.Entry.UniqueGuid.ToString("D"));
                json.WriteNumber("first_lba", p.Entry.StartingLba);
                json.WriteNumber("last_lba", p.Entry.EndingLba);
                json.WriteString("attributes", "0x" + p.Entry.Attributes.ToString("x16", CultureInfo.InvariantCulture));
                json.WriteBoolean("unit", p.IsUnit);
                SealJson.WriteVolatile(json, p.Volatile);
                SealJson.WriteBlocks(json, p.Blocks);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>GPT attributes as <see cref="ToJson"/> writes them: "0x" and hex digits. <see cref="Parse"/> says whose they are.</summary>
    private static ulong Attributes(string? text) =>
        text is not null && text.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var attributes)
            ? attributes
            : throw new FormatException($"a partition's attributes are '{text}', not 0x and up to 16 hex digits");

    /// <summary>Reads a statement; anything malformed is an <see cref="InvalidDataException"/> saying what.</summary>
    public static KeySealStatement Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != Format)
            {
                throw new InvalidDataException($"its format is not {Format}");
            }

            var partitions = new List<SealedPartition>();
            foreach (var p in root.GetProperty("partitions").EnumerateArray())
            {
                var entry = new GptEntry(
                    Guid.Parse(p.GetProperty("type").GetString()!),
                    Guid.Parse(p.GetProperty("guid").GetString()!),
                    p.GetProperty("first_lba").GetInt64(),
                    p.GetProperty("last_lba").GetInt64(),
                    Attributes(p.GetProperty("attributes").GetString()),
                    p.GetProperty("name").GetString()!);
                partitions.Add(new SealedPartition(p.GetProperty("index").GetInt32(), entry, p.GetProperty("unit").GetBoolean(), SealJson.ReadBlocks(p), SealJson.ReadVolatile(p)));
            }

            var blockSize = root.GetProperty("block_size").GetInt32();
            if (blockSize <= 0 || blockSize % 512 != 0 || partitions.Any(p => p.Index is < 1 or > GuidPartitionTable.EntryCount))
            {
                throw new InvalidDataException("its block size or a partition index is out of range");
            }

            return new KeySealStatement(
                root.GetProperty("product").GetString()!,
                root.GetProperty("version").GetString()!,
                root.GetProperty("target").GetString()!,
                root.GetProperty("image").GetString()!,
                root.GetProperty("image_size").GetInt64(),
                blockSize,
                Guid.Parse(root.GetProperty("disk_guid").GetString()!),
                partitions);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException or OverflowException)
        {
            throw new InvalidDataException($"it is not a readable key seal statement: {ex.Message}", ex);
        }
    }
}
