using Flashsmith.Disk.Partitions;
namespace Flashsmith.Recipes;

/// <summary>
/// A partition type: a GPT type GUID together with the MBR type byte used when the layout is MBR.
/// Recipes write "efi-system", "basic-data", a GUID, or an MBR byte such as "0x0c".
/// </summary>
public sealed record PartitionType(string Name, Guid GptType, byte MbrType)
{
    public static readonly PartitionType EfiSystem = new("efi-system", GuidPartitionTable.EfiSystemType, 0xEF);

    public static readonly PartitionType BasicData = new("basic-data", GuidPartitionTable.BasicDataType, 0x0C);

    public static bool TryParse(string text, out PartitionType type)
    {
        type = BasicData;
        var lower = text.Trim().ToLowerInvariant();
        if (lower == EfiSystem.Name)
        {
            type = EfiSystem;
            return true;
        }

        if (lower == BasicData.Name)
        {
            return true;
        }

        if (lower.Length == 36 && Guid.TryParseExact(lower, "D", out var guid))
        {
            type = new PartitionType(lower, guid, 0x0C);
            return true;
        }

        if (lower.Length == 4 && lower.StartsWith("0x", StringComparison.Ordinal)
            && byte.TryParse(lower[2..], System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var mbr)
            && mbr != 0)
        {
            type = new PartitionType(lower, BasicData.GptType, mbr);
            return true;
        }

        return false;
    }

    public override string ToString() => Name;
}
