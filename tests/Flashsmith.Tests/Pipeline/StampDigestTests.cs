using System.Security.Cryptography;
using Flashsmith.Pipeline;

namespace Flashsmith.Tests.Pipeline;

public sealed class StampDigestTests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Published_test_vectors_hash_as_published(string text, string expected) =>
        Assert.Equal(expected, StampDigest.Hex(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Every_length_around_the_block_and_padding_edges_hashes_as_the_system_library_does()
    {
        var data = new byte[300];
        new Random(14).NextBytes(data);
        for (var n = 0; n <= data.Length; n++)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data.AsSpan(0, n))), StampDigest.Hex(data.AsSpan(0, n)));
        }
    }

    [Fact]
    public void Appended_in_uneven_pieces_a_file_hashes_as_the_system_library_does()
    {
        var data = new byte[(3 * 64 * 1024) + 17];
        new Random(15).NextBytes(data);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, data);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), StampDigest.HexOfFile(path));
        }
        finally
        {
            File.Delete(path);
        }

        var pieces = new StampDigest();
        for (var at = 0; at < data.Length; at += 37)
        {
            pieces.Append(data.AsSpan(at, Math.Min(37, data.Length - at)));
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), pieces.Finish());
    }
}
