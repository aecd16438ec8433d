using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Flashsmith.Disk.Imaging;

/// <summary>
/// A block map in bmaptool's XML format 2.0: which 4 KiB blocks of the image hold data, with the
/// SHA-256 of each range, so that bmaptool copies only those and checks them as it goes.
/// </summary>
public sealed record BlockMap(long ImageSize, int BlockSize, IReadOnlyList<BlockRange> Ranges)
{
    public const int DefaultBlockSize = 4096;

    public long BlocksCount => (ImageSize + BlockSize - 1) / BlockSize;

    public long MappedBlocksCount => Ranges.Sum(r => r.Last - r.First + 1);

    /// <summary>Maps the blocks the extents touch, hashing them from the written image.</summary>
    public static BlockMap Create(DiskImageLayout layout, Stream image, int blockSize = DefaultBlockSize)
    {
        var blocks = DiskExtents.Blocks(layout.Extents, blockSize);

        var ranges = new List<BlockRange>();
        var buffer = new byte[1 << 20];
        foreach (var (first, last) in blocks)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            image.Position = first * blockSize;
            var remaining = Math.Min((last + 1) * blockSize, layout.Size.Bytes) - image.Position;
            while (remaining > 0)
            {
                var read = image.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new IOException("the image is shorter than its layout");
                }

                hash.AppendData(buffer, 0, read);
                remaining -= read;
            }

            ranges.Add(new BlockRange(first, last, Convert.ToHexStringLower(hash.GetHashAndReset())));
        }

        return new BlockMap(layout.Size.Bytes, blockSize, ranges);
    }

    /// <summary>
    /// Reads a block map in bmaptool's format 2.0 and checks its own checksum; anything malformed is an
    /// <see cref="InvalidDiskImageException"/> naming what is wrong.
    /// </summary>
    public static BlockMap Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException ex)
        {
            throw new InvalidDiskImageException($"the block map is not XML: {ex.Message}");
        }

        var root = document.Root;
        if (root is null || root.Name != "bmap" || (string?)root.Attribute("version") is not { } version || !version.StartsWith("2.", StringComparison.Ordinal))
        {
            throw new InvalidDiskImageException("the block map is not a bmap of version 2");
        }

        long Number(string name) =>
            long.TryParse(root.Element(name)?.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDiskImageException($"the block map's {name} is missing or not a number");

        if (root.Element("ChecksumType")?.Value.Trim() != "sha256")
        {
            throw new InvalidDiskImageException("the block map's ChecksumType is not sha256");
        }

        var fileChecksum = root.Element("BmapFileChecksum")?.Value.Trim() ?? string.Empty;
        // The checksum is read before the file is hashed with it zeroed: an empty one would zero nothing (Replace refuses it).
        if (fileChecksum.Length != 64
            || Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml.Replace(fileChecksum, new string('0', 64), StringComparison.Ordinal)))) != fileChecksum)
        {
            throw new InvalidDiskImageException("the block map's BmapFileChecksum does not match the file: it was changed or damaged");
        }

        var imageSize = Number("ImageSize");
        var blockSizeValue = Number("BlockSize");
        if (blockSizeValue is <= 0 or > int.MaxValue || blockSizeValue % Lba.SectorSize != 0)
        {
            throw new InvalidDiskImageException($"the block map's block size {blockSizeValue} is not a multiple of {Lba.SectorSize}");
        }

        var blockSize = (int)blockSizeValue;

        // The image's blocks, the last one partial; counted by division, as a range's numbers may be as large as a long.
        var blocks = (imageSize / blockSize) + (imageSize % blockSize == 0 ? 0 : 1);
        var ranges = new List<BlockRange>();
        foreach (var range in root.Element("BlockMap")?.Elements("Range") ?? [])
        {
            var text = range.Value.Trim();
            var dash = text.IndexOf('-', StringComparison.Ordinal);
            if (!long.TryParse(dash < 0 ? text : text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !long.TryParse(dash < 0 ? text : text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || last < first || (ranges.Count > 0 && first <= ranges[^1].Last) || last >= blocks
                || (string?)range.Attribute("chksum") is not { Length: 64 } sha256)
            {
                throw new InvalidDiskImageException($"the block map's range '{text}' is malformed, out of order or past the {imageSize}-byte image");
            }

            ranges.Add(new BlockRange(first, last, sha256));
        }

        return new BlockMap(imageSize, blockSize, ranges);
    }

    /// <summary>The XML, with BmapFileChecksum computed as bmaptool checks it: over the file with that field all zeros.</summary>
    public string ToXml()
    {
        var zeros = new string('0', 64);
        var draft = Render(zeros);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(draft)));
        return Render(checksum);
    }

    private string Render(string fileChecksum)
    {
        var xml = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        xml.Append("<?xml version=\"1.0\" ?>\n");
        xml.Append("<!-- Block map written by Flashsmith: the blocks of the image that hold data. -->\n");
        xml.Append("<bmap version=\"2.0\">\n");
        xml.Append(c, $"    <ImageSize> {ImageSize} </ImageSize>\n");
        xml.Append(c, $"    <BlockSize> {BlockSize} </BlockSize>\n");
        xml.Append(c, $"    <BlocksCount> {BlocksCount} </BlocksCount>\n");
        xml.Append(c, $"    <MappedBlocksCount> {MappedBlocksCount} </MappedBlocksCount>\n");
        xml.Append("    <ChecksumType> sha256 </ChecksumType>\n");
        xml.Append(c, $"    <BmapFileChecksum> {fileChecksum} </BmapFileChecksum>\n");
        xml.Append("    <BlockMap>\n");
        foreach (var range in Ranges)
        {
            var span = range.First == range.Last ? range.First.ToString(c) : $"{range.First.ToString(c)}-{range.Last.ToString(c)}";
            xml.Append(c, $"        <Range chksum=\"{range.Sha256}\"> {span} </Range>\n");
        }

        xml.Append("    </BlockMap>\n");
        xml.Append("</bmap>\n");
        return xml.ToString();
    }
}
