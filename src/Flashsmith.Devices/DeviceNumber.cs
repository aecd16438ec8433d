using System.Globalization;

namespace Flashsmith.Devices;

/// <summary>A block device's number, written <c>major:minor</c> as sysfs and mountinfo write it.</summary>
public readonly record struct DeviceNumber(uint Major, uint Minor) : ISpanFormattable
{
    public static bool TryParse(string? text, out DeviceNumber number)
    {
        number = default;
        var parts = (text ?? string.Empty).Trim().Split(':');
        if (parts.Length == 2
            && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            number = new DeviceNumber(major, minor);
            return true;
        }

        return false;
    }

    public static DeviceNumber Parse(string text) =>
        TryParse(text, out var number) ? number : throw new FormatException($"'{text}' is not a device number (major:minor)");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, stackalloc char[21], $"{this}");

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Writes <c>major:minor</c> in place, as an interpolated string takes it.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Major}:{Minor}", out charsWritten);
}
