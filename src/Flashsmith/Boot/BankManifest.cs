using System.Text;

namespace Flashsmith.Boot;

/// <summary>
/// A bank's <c>manifest.txt</c>: key=value lines naming the product, and one line per module, guest and file of the
/// bank with its name, version and SHA-256. Our core reads it at boot; <c>verify</c>, <c>banks</c> and <c>boot</c>
/// read it here. Lines with keys it does not know are skipped, so that older readers take newer manifests.
/// </summary>
public sealed record BankManifest(IReadOnlyDictionary<string, string> Values, IReadOnlyList<BankManifest.Entry> Entries)
{
    public const string ModuleKey = "module";
    public const string GuestKey = "guest";
    public const string FileKey = "file";
    public const string ReadyKey = "ready";
    public const string HaltKey = "halt";

    /// <summary>One module, guest or file line: <c>&lt;path&gt; &lt;name&gt; &lt;version&gt; &lt;sha256&gt; [more]</c>; <see cref="Problem"/> says why a line is malformed.</summary>
    public sealed record Entry(string Key, string Path, string Name, string Version, string Sha256, string Line, string? Problem = null);

    public static BankManifest Parse(ReadOnlySpan<byte> bytes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var key = line[..at];
            var value = line[(at + 1)..].TrimEnd('\r');
            if (key is ModuleKey or GuestKey or FileKey)
            {
                var parts = value.Split(' ');
                entries.Add(parts.Length < 4
                    ? new Entry(key, string.Empty, string.Empty, string.Empty, string.Empty, line, $"a {key} line is malformed: '{line}'")
                    : new Entry(key, "/" + parts[0], parts[1], parts[2], parts[3], line));
            }
            else
            {
                values.TryAdd(key, value);
            }
        }

        return new BankManifest(values, entries);
    }

    /// <summary>How a boot of this bank ends: the patterns the recipe gave, else our core's lines; a pattern that does not compile is the default.</summary>
    public BootPatterns Boot
    {
        get
        {
            try
            {
                return new BootPatterns(
                    BootPatterns.Compile(Values.GetValueOrDefault(ReadyKey, BootPatterns.DefaultReady)),
                    BootPatterns.Compile(Values.GetValueOrDefault(HaltKey, BootPatterns.DefaultHalt)));
            }
            catch (ArgumentException)
            {
                return BootPatterns.Default;
            }
        }
    }
}
