using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// How long each source took to compile when it was last compiled on this machine, kept beside the tool versions in
/// the machine's cache folder (a clean build keeps it). The compile stage starts the longest compiles first, so that a
/// build does not end on one long compile while the other cores wait. Only a scheduling hint: it never reaches a cache
/// key or an output, and a missing or unreadable record just leaves the default order.
/// </summary>
public sealed class CompileTimes
{
    /// <summary>The file, in the machine's cache folder, that holds one "milliseconds key" line per source.</summary>
    public const string FileName = "compile-times";

    /// <summary>The record keeps at most this many sources, those compiled by the last build first.</summary>
    public const int MaxEntries = 4096;

    private readonly string file;
    private readonly IReadOnlyDictionary<string, int> known;
    private readonly ConcurrentDictionary<string, int> measured = new(StringComparer.Ordinal);

    private CompileTimes(string file, IReadOnlyDictionary<string, int> known)
    {
        this.file = file;
        this.known = known;
    }

    /// <summary>Reads the record in <paramref name="folder"/>; an absent or damaged one is empty.</summary>
    public static CompileTimes Load(string folder)
    {
        var file = Path.Combine(folder, FileName);
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
                {
                    known[line[(space + 1)..]] = milliseconds;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No record yet.
        }

        return new CompileTimes(file, known);
    }

    /// <summary>Names a source as compiled by one toolchain with one set of flags, wherever it is on this machine.</summary>
    public static string Key(string toolchain, IReadOnlyList<string> flags, string source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', [toolchain, .. flags, Path.GetFullPath(source)]))).AsSpan(0, 16));

    /// <summary>How long the source named <paramref name="key"/> took when last compiled here; null when it never was.</summary>
    public TimeSpan? Of(string key) =>
        measured.TryGetValue(key, out var now) ? TimeSpan.FromMilliseconds(now)
        : known.TryGetValue(key, out var before) ? TimeSpan.FromMilliseconds(before)
        : null;

    /// <summary>Records how long a compile just took.</summary>
    public void Record(string key, TimeSpan took) => measured[key] = (int)Math.Min(int.MaxValue, Math.Max(0, Math.Round(took.TotalMilliseconds)));

    /// <summary>Writes the record back with what was measured, when anything was; a failure to write is ignored.</summary>
    public void Save()
    {
        if (measured.IsEmpty)
        {
            return;
        }

        var kept = measured.Concat(known.Where(k => !measured.ContainsKey(k.Key))).Take(MaxEntries);
        var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllLines(temp, kept.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Value} {k.Key}")));
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a hint: the next build keeps the default order for what it does not know.
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
