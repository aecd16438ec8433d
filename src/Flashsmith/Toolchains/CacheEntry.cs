using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// How an entry travels through the shared cache: a magic, the SHA-256 of its key and content, then the
/// content. A fetched entry is used only when the digest matches, so a truncated, damaged or misfiled
/// value is caught before it can reach an image.
/// </summary>
public static class CacheEntry
{
    private static readonly byte[] Magic = "FSC1"u8.ToArray();

    public const int HeaderSize = 4 + 32;

    public static byte[] Wrap(string key, ReadOnlySpan<byte> content)
    {
        var entry = new byte[HeaderSize + content.Length];
        Magic.CopyTo(entry, 0);
        Digest(key, content).CopyTo(entry.AsSpan(4));
        content.CopyTo(entry.AsSpan(HeaderSize));
        return entry;
    }

    /// <summary>The content of <paramref name="entry"/>, or null when it is not the entry of <paramref name="key"/>.</summary>
    public static byte[]? Unwrap(string key, ReadOnlySpan<byte> entry)
    {
        if (entry.Length < HeaderSize || !entry[..4].SequenceEqual(Magic))
        {
            return null;
        }

        var content = entry[HeaderSize..];
        return CryptographicOperations.FixedTimeEquals(Digest(key, content), entry.Slice(4, 32)) ? content.ToArray() : null;
    }

    private static byte[] Digest(string key, ReadOnlySpan<byte> content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(key));
        hash.AppendData([0]);
        hash.AppendData(content);
        return hash.GetHashAndReset();
    }
}
