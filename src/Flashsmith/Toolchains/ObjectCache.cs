using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// The content-addressed build cache under <c>.flashsmith/cache/</c>. An object's key covers its
/// source bytes, the bytes of every header it included, the flags and the toolchain; the header
/// list comes from the last compile of that source, so a warm build reads files and starts no process.
/// Each object and image is stored with the SHA-256 of its bytes beside it (<c>.sha256</c>), and is used only
/// while its bytes still match: a damaged entry is deleted, told in <see cref="Warnings"/> and built again.
/// </summary>
public sealed class ObjectCache(string folder)
{
    private const string DigestExtension = ".sha256";

    private readonly ConcurrentQueue<string> warnings = new();

    /// <summary>The kinds of entry, as the remote cache names them: compiled objects, header lists and linked, unsigned images.</summary>
    public const string ObjectKind = "object";
    public const string DepsKind = "deps";
    public const string ImageKind = "image";

    public string Folder => folder;

    /// <summary>The damaged entries found so far, as "warning: ..." lines.</summary>
    public IReadOnlyList<string> Warnings => [.. warnings];

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
                return (Path.GetFileName(d), (long)files.Count(f => !f.Name.EndsWith(DigestExtension, StringComparison.Ordinal)), files.Sum(f => f.Length));
            })
            .ToList();
    }

    /// <summary>Deletes everything the cache holds; returns how many entries there were (a digest is part of its entry).</summary>
    public long Clear()
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var count = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).LongCount(f => !f.EndsWith(DigestExtension, StringComparison.Ordinal));
        Directory.Delete(folder, recursive: true);
        return count;
    }

    /// <summary>
    /// Moves a finished file into the cache under its key, its digest first: an entry is never there without
    /// the digest that checks it. Concurrent builds may race, and either copy is right.
    /// </summary>
    public static void Store(string temp, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var digest = temp + DigestExtension;
        File.WriteAllText(digest, HashFile(temp));
        File.Move(digest, path + DigestExtension, overwrite: true);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Whether the entry at <paramref name="path"/> is there and whole; a damaged one is deleted and told.</summary>
    public bool HasIntact(string path) => ReadIntact(path) is not null;

    /// <summary>The bytes of the entry at <paramref name="path"/> when they match their digest; null when it is absent or damaged (then deleted and told).</summary>
    public byte[]? ReadIntact(string path)
    {
        byte[] bytes;
        string? digest;
        try
        {
            bytes = File.ReadAllBytes(path);
            digest = File.Exists(path + DigestExtension) ? File.ReadAllText(path + DigestExtension) : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (digest == Convert.ToHexStringLower(SHA256.HashData(bytes)))
        {
            return bytes;
        }

        // An entry with no digest was stored by an older version, or lost its digest: it cannot be trusted, but nothing says it is damaged.
        if (digest is not null)
        {
            warnings.Enqueue($"warning: the build cache entry {Path.GetRelativePath(folder, path)} is damaged (its digest does not match); it was deleted and is built again");
        }

        File.Delete(path);
        File.Delete(path + DigestExtension);
        return null;
    }
}
