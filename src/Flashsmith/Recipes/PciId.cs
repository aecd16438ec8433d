using System.Globalization;

namespace Flashsmith.Recipes;

/// <summary>A PCI vendor and device ID, written "8086:100e".</summary>
public readonly record struct PciId(ushort Vendor, ushort Device)
{
    public static bool TryParse(string text, out PciId id)
    {
        id = default;
        var parts = text.Split(':');
        if (parts.Length != 2 || parts.Any(p => p.Length != 4)
            || !ushort.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var vendor)
            || !ushort.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var device))
        {
            return false;
        }

        id = new PciId(vendor, device);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Vendor:x4}:{Device:x4}");
}
