namespace Flashsmith.Recipes;

/// <summary>
/// A partition type: a GPT type GUID together with the MBR type byte used when the layout is MBR.
/// Recipes write "efi-system", "basic-data", a GUID, or an MBR byte such as "0x0c".
/// </summary>
public sealed record PartitionType(string Name, Guid GptType, byte MbrType)
{
    public static readonly PartitionType EfiSystem = new("efi-system", new Guid("c12a7328-f81f-11d2-ba4b-00a0c93ec93b"), 0xEF);

    public static readonly PartitionType BasicData = new("basic-data", new Guid("ebd0a0a2-b9e5-4433-87c0-68b6b72699c7"), 0x0C);

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
