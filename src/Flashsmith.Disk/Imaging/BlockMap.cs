using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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
        var blocks = new List<(long First, long Last)>();
        foreach (var extent in layout.Extents)
        {
            var first = extent.Offset / blockSize;
            var last = (extent.End - 1) / blockSize;
            if (blocks.Count > 0 && first <= blocks[^1].Last + 1)
            {
                blocks[^1] = (blocks[^1].First, Math.Max(blocks[^1].Last, last));
            }
            else
            {
                blocks.Add((first, last));
            }
        }

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
