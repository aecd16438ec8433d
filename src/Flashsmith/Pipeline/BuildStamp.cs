using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using Flashsmith.Budget;
using Flashsmith.Devices;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// What one target's last successful build read and wrote, kept in the build cache under <c>stamps/</c>: the
/// request (recipe, output folder, cache, --key, SOURCE_DATE_EPOCH and the tool's own binaries; a --release build keeps
/// no stamp), the
/// SHA-256 of every file read (recipes and what they extend, the depot, every source and header, prebuilt modules,
/// the key and certificate) with the status it was read at, the listing of every folder where a new file would
/// change the build, the identity of each compiler and linker, the name, size and modification time of every
/// output, and the budget lines found near or over their limits. When the stamps of every target, and of the budget
/// reports beside them, still hold, the build has nothing to do: it is answered before any recipe is loaded, and
/// outputs are byte for byte what a full build would write.
/// <para>
/// A file whose status (device, inode, size, modification and change times) is still the one recorded beside its
/// digest is not read again: writing a file, or putting another in its place, always gives it a new change time,
/// which no program can set back. A file changed within <see cref="RecentChange"/> of the stamp's writing has no
/// status recorded, as a later change could fall within the same tick of the clock; it is read every time.
/// </para>
/// </summary>
public static class BuildStamp
{
    private const string Format = "flashsmith-stamp/4";
    private const string StampsFolder = "stamps";
    private const string NoStatus = "-";

    /// <summary>How long after its last change a file's status vouches for its bytes.</summary>
    public static readonly TimeSpan RecentChange = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The tool's own build: the running program and the libraries beside it that shape outputs, each by path, size
    /// and modification time. Any other build of the tool may write other bytes, so its stamps do not count.
    /// </summary>
    private static readonly Lazy<string> ToolBuild = new(() =>
    {
        var lines = new List<string>(3);
        foreach (var file in (ReadOnlySpan<string?>)[Environment.ProcessPath, Path.Combine(AppContext.BaseDirectory, "Flashsmith.dll"), Path.Combine(AppContext.BaseDirectory, "Flashsmith.Disk.dll")])
        {
            if (file is not null && new FileInfo(file) is { Exists: true } info)
            {
                lines.Add($"{file}|{Stat(info)}");
            }
        }

        return string.Join('\n', lines);
    });

    /// <summary>
    /// The digest of what was asked, or null when stamps do not apply: the environment is unknown, the key
    /// is on a token, or it is a release, which always checks its sources against the commit and records it.
    /// </summary>
    public static string? Request(string recipeFile, BuildOptions options, string cacheFolder)
    {
        if (options.Settings is not { } settings || options.Key?.Source == KeySource.Pkcs11 || options.Release)
        {
            return null;
        }

        return Hash(
            Format,
            ToolBuild.Value,
            Path.GetFullPath(recipeFile),
            Path.GetFullPath(options.OutputRoot),
            Path.GetFullPath(cacheFolder),
            options.Key is { } key ? $"{key.Source}:{key.Location}" : "-",
            settings.SourceDateEpoch?.ToString(CultureInfo.InvariantCulture) ?? "-");
    }

    /// <summary>
    /// Records a target that was just built. <paramref name="files"/> are every file it read,
    /// <paramref name="folders"/> those whose listing matters, <paramref name="tools"/> the compiler and linker.
    /// </summary>
    public static void Save(string cacheFolder, string request, TargetResult result, IEnumerable<string> files, IEnumerable<string> folders, IEnumerable<string> tools)
    {
        var output = result.Output!;
        var settled = (DateTimeOffset.UtcNow - RecentChange - DateTimeOffset.UnixEpoch).Ticks * 100;
        var lines = new List<string> { Format, Line("request", request), Line("target", result.Plan.Target) };
        foreach (var file in files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // The status first: a change while the file is read gives it a newer one, so the next check reads it again.
            var status = Status(file) is { } known && known.Changed < settled ? known : null;
            lines.Add(Line("file", Digest(file), status is null ? NoStatus : Text(status), file));
        }

        lines.AddRange(folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(f => Line("list", Listing(f), f)));
        lines.AddRange(tools.Select(t => Line("tool", ToolchainLocator.Identity(t), Path.GetFileName(t))));
        lines.AddRange(Outputs(output.Folder).Select(o => Line("out", o)));
        lines.Add(Line("image", output.ImageSha256, Path.GetFileName(output.ImagePath)));
        lines.Add(Line("signer", output.Signature.Development ? "development" : "-", output.Signature.CertificateSha256, output.Signature.Subject));
        var used = result.Volumes.Values.Sum(v => v.Geometry.OverheadBytes + v.UsedBytes);
        var free = result.Volumes.Values.Sum(v => v.FreeBytes);
        lines.Add(Line("usage", used.ToString(CultureInfo.InvariantCulture), free.ToString(CultureInfo.InvariantCulture)));
        foreach (var line in result.Budget?.Flagged ?? [])
        {
            // What the summary shows of budget.json, whose size and modification time the output lines pin.
            var limit = line.LimitBytes?.ToString(CultureInfo.InvariantCulture) ?? NoStatus;
            lines.Add(Line("flagged", line.Kind, line.Name, string.Join(':', line.UsedBytes.ToString(CultureInfo.InvariantCulture), limit, BudgetJson.Lower(line.Verdict))));
        }

        if (lines.Any(l => l.Contains('\n', StringComparison.Ordinal) || l.Split('\t').Length > 4))
        {
            // A name holding a tab or a line break cannot be written down here: this target is simply built every time.
            return;
        }

        Write(PathOf(cacheFolder, request), lines);
    }

    /// <summary>Records the budget reports written beside <paramref name="requests"/>' targets.</summary>
    public static void SaveReports(string cacheFolder, string outputRoot, IEnumerable<string> requests)
    {
        var root = Path.GetFullPath(outputRoot);
        var lines = new List<string> { Format, Line("requests", Hash([.. requests.Order(StringComparer.Ordinal)])) };
        foreach (var name in new[] { BudgetReports.Markdown, BudgetReports.Html })
        {
            var info = new FileInfo(Path.Combine(root, name));
            lines.Add(Line("out", name, info.Exists ? Stat(info) : "-"));
        }

        Write(ReportsPathOf(cacheFolder, root), lines);
    }

    /// <summary>Forgets the budget reports of <paramref name="outputRoot"/>, before they are written again.</summary>
    public static void ForgetReports(string cacheFolder, string outputRoot)
    {
        var path = ReportsPathOf(cacheFolder, Path.GetFullPath(outputRoot));
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Every target of <paramref name="recipeFiles"/> as its stamp found it, when every input, tool and output is as the
    /// last build left it and the budget reports cover exactly these targets; else null, and the build must run.
    /// </summary>
    public static UpToDateBuild? Check(IReadOnlyList<string> recipeFiles, BuildOptions options)
    {
        if (recipeFiles.Count == 0)
        {
            return null;
        }

        var cacheFolder = options.CacheFolder ?? ObjectCache.DefaultFolder(ProjectFolder.For(recipeFiles[0]).Root);
        var targets = new List<UpToDateTarget>();
        var requests = new List<string>();
        try
        {
            // Targets share most of what they read: each file, folder and tool is looked at once, on this thread, as
            // the stamps name them. About 150 KiB of small files hash in less time than starting thread-pool workers
            // to share them took (a no-op build ran about 10 % longer with Parallel.For).
            var looks = new Looks();
            foreach (var recipe in recipeFiles)
            {
                // A target never built has no stamp: reading it fails, and the catch below says the build must run.
                if (Request(recipe, options, cacheFolder) is not { } request
                    || CheckTarget(ReadText(PathOf(cacheFolder, request)), request, looks) is not { } target)
                {
                    return null;
                }

                requests.Add(request);
                targets.Add(target);
            }

            return ReportsHold(ReportsPathOf(cacheFolder, Path.GetFullPath(options.OutputRoot)), Path.GetFullPath(options.OutputRoot), requests) ? new UpToDateBuild(targets) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Diagnostics.BadInputException or FormatException)
        {
            // Whatever cannot be read cannot be vouched for: the build runs and says what is wrong.
            return null;
        }
    }

    private static UpToDateTarget? CheckTarget(string stamp, string request, Looks looks)
    {
        // Read in place: each line's fields are compared where they lie, and only what the result keeps is copied.
        var rest = stamp.AsSpan();
        if (!NextLine(ref rest, out var line) || !line.SequenceEqual(Format)
            || !NextLine(ref rest, out line) || !line.SequenceEqual(Line("request", request)))
        {
            return null;
        }

        string? target = null, folder = null, image = null, sha256 = null;
        SignatureInfo? signer = null;
        long used = 0, free = 0;
        var outputs = new List<string>();
        var flagged = new List<BudgetLine>();
        Span<Range> ranges = stackalloc Range[4];
        while (NextLine(ref rest, out line))
        {
            var fields = new Fields(line, ranges[..line.Split(ranges, '\t')]);
            switch (fields[0])
            {
                case "target":
                    target = fields[1].ToString();
                    break;
                case "file":
                    // An unchanged status vouches for the recorded digest; any other is read and hashed.
                    if (!fields[2].SequenceEqual(NoStatus) && fields[2].SequenceEqual(Looks.Once(looks.Statuses, fields[3], StatusText)))
                    {
                        break;
                    }

                    if (!fields[1].SequenceEqual(Looks.Once(looks.Digests, fields[3], Digest)))
                    {
                        return null;
                    }

                    break;
                case "list":
                    if (!fields[1].SequenceEqual(Looks.Once(looks.Listings, fields[2], Listing)))
                    {
                        return null;
                    }

                    break;
                case "tool":
                    if (!fields[1].SequenceEqual(Looks.Once(looks.Tools, fields[2], ToolIdentity)))
                    {
                        return null;
                    }

                    break;
                case "out":
                    folder ??= Path.GetDirectoryName(fields[1]).ToString();
                    outputs.Add(fields.From(1).ToString());
                    break;
                case "image":
                    sha256 = fields[1].ToString();
                    image = fields[2].ToString();
                    break;
                case "signer":
                    signer = new SignatureInfo(fields[3].ToString(), fields[2].ToString(), fields[1].SequenceEqual("development"));
                    break;
                case "flagged":
                    flagged.Add(Flagged(fields[1].ToString(), fields[2].ToString(), fields[3]));
                    break;
                case "usage":
                    used = long.Parse(fields[1], CultureInfo.InvariantCulture);
                    free = long.Parse(fields[2], CultureInfo.InvariantCulture);
                    break;
                default:
                    return null;
            }
        }

        if (target is null || folder is null || image is null || sha256 is null || signer is null || !Outputs(folder).SequenceEqual(outputs))
        {
            return null;
        }

        var files = new List<string>(outputs.Count);
        foreach (var output in outputs)
        {
            files.Add(output[..output.IndexOf('\t', StringComparison.Ordinal)]);
        }

        var emitted = new EmitOutput(folder, Path.Combine(folder, image), sha256, files, true, signer);
        return new UpToDateTarget(target, emitted, flagged, used, free);
    }

    /// <summary>
    /// What one check has looked at, by kind and name: targets share most of what they read, and each file, folder
    /// and tool is looked at once. Names are found by the stamp's own characters, without copying them.
    /// </summary>
    private sealed class Looks
    {
        public Dictionary<string, string> Statuses { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Digests { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Listings { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Tools { get; } = new(StringComparer.Ordinal);

        public static string Once(Dictionary<string, string> seen, ReadOnlySpan<char> name, Func<string, string> look)
        {
            var byName = seen.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!byName.TryGetValue(name, out var value))
            {
                var key = name.ToString();
                value = look(key);
                seen.Add(key, value);
            }

            return value;
        }
    }

    /// <summary>A budget line from its stamp line's "used:limit:verdict".</summary>
    private static BudgetLine Flagged(string kind, string name, ReadOnlySpan<char> figures)
    {
        Span<Range> parts = stackalloc Range[3];
        if (figures.Split(parts, ':') != 3)
        {
            throw new FormatException("a flagged budget line needs its used bytes, limit and verdict");
        }

        var limit = figures[parts[1]];
        return new BudgetLine(
            kind,
            name,
            long.Parse(figures[parts[0]], CultureInfo.InvariantCulture),
            limit.SequenceEqual(NoStatus) ? null : long.Parse(limit, CultureInfo.InvariantCulture),
            BudgetJson.Verdict(figures[parts[2]].ToString()));
    }

    /// <summary>A stamp line's tab-separated fields, read in place; a line with too few is not a stamp's.</summary>
    private readonly ref struct Fields(ReadOnlySpan<char> line, ReadOnlySpan<Range> ranges)
    {
        private readonly ReadOnlySpan<char> line = line;
        private readonly ReadOnlySpan<Range> ranges = ranges;

        public ReadOnlySpan<char> this[int index] => line[Range(index)];

        /// <summary>The fields from <paramref name="index"/> to the end of the line, tabs and all.</summary>
        public ReadOnlySpan<char> From(int index) => line[Range(index).Start..];

        private Range Range(int index) => index < ranges.Length ? ranges[index] : throw new FormatException("a stamp line has too few fields");
    }

    /// <summary>The next non-empty line of <paramref name="rest"/>, which moves past it; false at the end.</summary>
    private static bool NextLine(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> line)
    {
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('\n');
            line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (!line.IsEmpty)
            {
                return true;
            }
        }

        line = [];
        return false;
    }

    private static string ToolIdentity(string name) => ToolRunner.Find(name) is { } tool ? ToolchainLocator.Identity(tool) : "-";

    private static bool ReportsHold(string path, string root, IEnumerable<string> requests)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var lines = ReadLines(path);
        if (lines.Length != 4 || lines[0] != Format || lines[1] != Line("requests", Hash([.. requests.Order(StringComparer.Ordinal)])))
        {
            return false;
        }

        for (var i = 2; i < lines.Length; i++)
        {
            var parts = lines[i].Split('\t');
            if (new FileInfo(Path.Combine(root, parts[1])) is not { Exists: true } info || Stat(info) != parts[2])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every file of an output folder, in ordinal order: "path, size, modification time".</summary>
    private static List<string> Outputs(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = new FileSystemEnumerable<string>(
            folder,
            (ref entry) => string.Concat(entry.ToFullPath(), "\t", Stat(entry.Length, entry.LastWriteTimeUtc)),
            Everything(recurse: false)) { ShouldIncludePredicate = (ref entry) => !entry.IsDirectory };
        var lines = new List<string>(files);
        // Every line starts with the folder and a separator: sorting the lines sorts the names.
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Every entry, hidden or not, as <see cref="Directory.EnumerateFiles(string)"/> lists them.</summary>
    private static EnumerationOptions Everything(bool recurse) => new() { RecurseSubdirectories = recurse, AttributesToSkip = 0, IgnoreInaccessible = false };

    private static string Stat(FileInfo info) => Stat(info.Length, info.LastWriteTimeUtc);

    /// <summary>"size:modification ticks".</summary>
    private static string Stat(long length, DateTimeOffset modified) =>
        string.Create(CultureInfo.InvariantCulture, stackalloc char[48], $"{length}:{modified.UtcTicks}");

    private static string Digest(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return "-";
        }
    }

    /// <summary>A file's status as <c>statx</c> gives it, symbolic links followed; null when it cannot be read.</summary>
    private static PathStatus? Status(string file)
    {
        try
        {
            return PathStatus.Of(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string StatusText(string file) => Status(file) is { } status ? Text(status) : NoStatus;

    private static string Text(PathStatus status) => string.Create(
        CultureInfo.InvariantCulture,
        stackalloc char[128],
        $"{status.Identity.Device}:{status.Identity.Inode}:{status.Size}:{status.Modified}:{status.Changed}");

    /// <summary>The SHA-256 of every file's path under <paramref name="folder"/>, relative and in ordinal order: a file added, removed or renamed changes it.</summary>
    private static string Listing(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return "-";
        }

        var names = new List<string>(new FileSystemEnumerable<string>(folder, RelativePath, Everything(recurse: true)) { ShouldIncludePredicate = (ref entry) => !entry.IsDirectory });
        names.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', names))));
    }

    /// <summary>An entry's path below the folder being listed, with '/' between folders.</summary>
    private static string RelativePath(ref FileSystemEntry entry)
    {
        var below = entry.Directory[entry.RootDirectory.Length..].TrimStart(Path.DirectorySeparatorChar);
        return below.IsEmpty ? entry.FileName.ToString() : string.Concat(below, [Path.DirectorySeparatorChar], entry.FileName);
    }

    private static string Hash(params string[] parts) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))));

    private static string Line(params string[] parts) => string.Join('\t', parts);

    private static string PathOf(string cacheFolder, string request) => Path.Combine(cacheFolder, StampsFolder, request);

    private static string ReportsPathOf(string cacheFolder, string outputRoot) => Path.Combine(cacheFolder, StampsFolder, Hash("reports", outputRoot));

    /// <summary>A stamp's lines, read in one piece (a line reader's buffers cost more than these few lines).</summary>
    private static string[] ReadLines(string path) => ReadText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string ReadText(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));

    private static void Write(string path, IReadOnlyList<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllLines(temp, lines);
        File.Move(temp, path, overwrite: true);
    }
}
