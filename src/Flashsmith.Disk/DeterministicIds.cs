using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Disk;

/// <summary>
/// GUIDs and volume serial numbers derived from a seed with HMAC-SHA256, so the same
/// inputs always give the same disk: never random, never from the clock.
/// </summary>
public sealed class DeterministicIds(string seed)
{
    private readonly byte[] key = Encoding.UTF8.GetBytes(seed);

    public string Seed => seed;

    /// <summary>A version-4-shaped GUID for <paramref name="purpose"/>, such as "disk" or "partition:esp".</summary>
    public Guid GuidFor(string purpose)
    {
        Span<byte> bytes = stackalloc byte[16];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose)).AsSpan(0, 16).CopyTo(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A 32-bit number for <paramref name="purpose"/>, such as a FAT volume serial.</summary>
    public uint NumberFor(string purpose)
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose));
        return BitConverter.ToUInt32(hash, 0);
    }
}
