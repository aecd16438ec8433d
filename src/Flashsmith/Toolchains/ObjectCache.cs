using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// The content-addressed build cache under <c>.flashsmith/cache/</c>. An object's key covers its
/// source bytes, the bytes of every header it included, the flags and the toolchain; the header
/// list comes from the last compile of that source, so a warm build reads files and starts no process.
/// </summary>
public sealed class ObjectCache(string folder)
{
    /// <summary>The kinds of entry, as the remote cache names them: compiled objects, header lists and linked, unsigned images.</summary>
    public const string ObjectKind = "object";
    public const string DepsKind = "deps";
    public const string ImageKind = "image";

    public string Folder => folder;

    /// <summary>Where a project keeps its cache unless told otherwise.</summary>
    public static string DefaultFolder(string projectRoot) => Path.Combine(ProjectState.Folder(projectRoot), "cache");

    /// <summary>The text of a header list, as the deps entries carry it.</summary>
    public static byte[] EncodeLines(IReadOnlyList<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));

    /// <summary>The header list a deps entry carries.</summary>
    public static IReadOnlyList<string> DecodeLines(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))));

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The key of a source before its headers are known.</summary>
    public static string SourceKey(Toolchain toolchain, IReadOnlyList<string> flags, string relativeSource, string sourceHash) =>
        Hash("source", toolchain.Fingerprint, string.Join(' ', flags), relativeSource, sourceHash);

    /// <summary>The headers <paramref name="sourceKey"/> included when last compiled, or null.</summary>
    public IReadOnlyList<string>? Headers(string sourceKey)
    {
        var path = Path.Combine(folder, "deps", sourceKey);
        return File.Exists(path) ? File.ReadAllLines(path) : null;
    }

    /// <summary>The full key, or null when a header is gone (the source must be compiled again).</summary>
    public static string? ObjectKey(string sourceKey, IReadOnlyList<string> headers, string root)
    {
        var parts = new List<string> { "object", sourceKey };
        foreach (var header in headers)
        {
            var full = Path.Combine(root, header);
            if (!File.Exists(full))
            {
                return null;
            }

            parts.Add(header);
            parts.Add(HashFile(full));
        }

        return Hash([.. parts]);
    }

    public string ObjectPath(string objectKey) => Path.Combine(folder, "objects", objectKey + ".obj");

    public string ImagePath(string imageKey) => Path.Combine(folder, "images", imageKey + ".efi");

    public string NewTempPath(string extension)
    {
        var temp = Path.Combine(folder, "tmp");
        Directory.CreateDirectory(temp);
        return Path.Combine(temp, $"{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");
    }

    public void RecordHeaders(string sourceKey, IReadOnlyList<string> headers)
    {
        var path = Path.Combine(folder, "deps", sourceKey);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = NewTempPath(".deps");
        File.WriteAllLines(temp, headers);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>What the cache holds, per subfolder (objects, images, deps, signed, outputs...): entries and bytes.</summary>
    public IReadOnlyList<(string Part, long Entries, long Bytes)> Usage()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Where(d => Path.GetFileName(d) != "tmp")
            .Order(StringComparer.Ordinal)
            .Select(d =>
            {
                var files = new DirectoryInfo(d).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
                return (Path.GetFileName(d), (long)files.Count, files.Sum(f => f.Length));
            })
            .ToList();
    }

    /// <summary>Deletes everything the cache holds; returns how many files there were.</summary>
    public long Clear()
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var count = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).LongCount();
        Directory.Delete(folder, recursive: true);
        return count;
    }

    /// <summary>Moves a finished file into the cache under its key; concurrent builds may race, and either copy is right.</summary>
    public static void Store(string temp, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(temp, path, overwrite: true);
    }
}
