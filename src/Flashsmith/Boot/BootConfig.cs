using System.Globalization;
using System.Text;

namespace Flashsmith.Boot;

/// <summary>
/// A bank's <c>boot.cfg</c>: key=value lines as the embedded hypervisors write them. <c>bootstate=</c> is one
/// digit and <c>updated=</c> a fixed number of digits, so that the loader, the core and <c>update</c> rewrite
/// them in place: the file keeps its size, and a power cut leaves the old or the new value.
/// </summary>
public sealed record BootConfig(BankState State, string Title, string Build, long Updated, string Kernel, IReadOnlyList<string> Modules)
{
    public const string FileName = "boot.cfg";
    public const string StateKey = "bootstate";
    public const string TitleKey = "title";
    public const string BuildKey = "build";
    public const string UpdatedKey = "updated";
    public const string KernelKey = "kernel";
    public const string ModulesKey = "modules";
    public const string GuestsKey = "guests";
    public const string KernelOptionsKey = "kernelopt";

    /// <summary>The guests the core runs after the drivers, in order, separated like modules; the line is left out when there are none.</summary>
    public IReadOnlyList<string> Guests { get; init; } = [];

    /// <summary>The command line the loader passes to the core as its load options; the line is left out when it is empty.</summary>
    public string KernelOptions { get; init; } = string.Empty;

    /// <summary>The digits of <c>updated=</c>: enough for an update a second for three centuries.</summary>
    public const int UpdatedDigits = 10;

    /// <summary>What separates modules in <c>modules=</c>.</summary>
    public const string ModuleSeparator = " --- ";

    public const long MaxUpdated = 9_999_999_999;

    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{StateKey}={(int)State}\n");
        text.Append(CultureInfo.InvariantCulture, $"{TitleKey}={Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"{BuildKey}={Build}\n");
        text.Append(CultureInfo.InvariantCulture, $"{UpdatedKey}={Updated.ToString(new string('0', UpdatedDigits), CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{KernelKey}={Kernel}\n");
        text.Append(CultureInfo.InvariantCulture, $"{ModulesKey}={string.Join(ModuleSeparator, Modules)}\n");
        if (Guests.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{GuestsKey}={string.Join(ModuleSeparator, Guests)}\n");
        }

        if (KernelOptions.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{KernelOptionsKey}={KernelOptions}\n");
        }
        return text.ToString();
    }

    /// <summary>Reads boot.cfg; a missing or malformed <c>bootstate=</c> or <c>updated=</c> is an <see cref="InvalidDataException"/>.</summary>
    public static BootConfig Parse(ReadOnlySpan<byte> bytes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at > 0)
            {
                values.TryAdd(line[..at], line[(at + 1)..].TrimEnd('\r'));
            }
        }

        var state = values.GetValueOrDefault(StateKey);
        if (state is not { Length: 1 } || state[0] is < '0' or > '3')
        {
            throw new InvalidDataException($"its {StateKey}= is '{state}', not 0, 1, 2 or 3");
        }

        if (!long.TryParse(values.GetValueOrDefault(UpdatedKey), NumberStyles.None, CultureInfo.InvariantCulture, out var updated))
        {
            throw new InvalidDataException($"its {UpdatedKey}= is '{values.GetValueOrDefault(UpdatedKey)}', not a number");
        }

        return new BootConfig((BankState)(state[0] - '0'), values.GetValueOrDefault(TitleKey, string.Empty), values.GetValueOrDefault(BuildKey, string.Empty), updated, values.GetValueOrDefault(KernelKey, string.Empty), List(values, ModulesKey))
        {
            Guests = List(values, GuestsKey),
            KernelOptions = values.GetValueOrDefault(KernelOptionsKey, string.Empty),
        };
    }

    private static List<string> List(Dictionary<string, string> values, string key) =>
        values.GetValueOrDefault(key, string.Empty)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(m => m != ModuleSeparator.Trim())
            .ToList();

    /// <summary>The byte offset of the bootstate digit in <paramref name="bytes"/>.</summary>
    public static int StateOffset(ReadOnlySpan<byte> bytes) => ValueOffset(bytes, StateKey);

    /// <summary>The byte offset of the first digit of <c>updated=</c> in <paramref name="bytes"/>; it has <see cref="UpdatedDigits"/> digits.</summary>
    public static int UpdatedOffset(ReadOnlySpan<byte> bytes) => ValueOffset(bytes, UpdatedKey);

    /// <summary>The digits <c>update</c> writes at <see cref="UpdatedOffset"/>.</summary>
    public static byte[] UpdatedDigitsOf(long updated) =>
        Encoding.ASCII.GetBytes(updated.ToString(new string('0', UpdatedDigits), CultureInfo.InvariantCulture));

    private static int ValueOffset(ReadOnlySpan<byte> bytes, string key)
    {
        var prefix = Encoding.ASCII.GetBytes(key + "=");
        for (var line = 0; line < bytes.Length;)
        {
            if (bytes[line..].StartsWith(prefix))
            {
                return line + prefix.Length;
            }

            var next = bytes[line..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            line += next + 1;
        }

        throw new InvalidDataException($"boot.cfg has no {key}= line");
    }
}
