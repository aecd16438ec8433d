using System.Security.Cryptography;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>The sample target built once, and what provisioning tests share: the certificate, keys and hashes.</summary>
public sealed class ProvisionFixture : IDisposable
{
    public ProvisionFixture()
    {
        Assert.True(Build.Run.ExitCode == 0, Build.Run.Error);
    }

    public SampleBuild Build { get; } = new();

    public string Image => Build.Image;

    public static string Certificate => Path.Combine(CliRun.RepositoryRoot, ".flashsmith", "keys", "dev", "cert.pem");

    /// <summary>provision with the development certificate, a log in <paramref name="log"/>, and the given arguments.</summary>
    public static CliRun Provision(string image, string log, params string[] arguments) =>
        CliRun.Of(["provision", image, "--cert", Certificate, "--log", log, .. arguments]);

    /// <summary>A file standing in for a key: <paramref name="bytes"/> long, every byte <paramref name="fill"/> (old data on a used key).</summary>
    public static string KeyFile(TempFolder temp, string name, long bytes, byte fill = 0)
    {
        var path = temp.File(name);
        using var file = new FileStream(path, FileMode.CreateNew);
        if (fill != 0)
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, fill);
            for (long left = bytes; left > 0; left -= chunk.Length)
            {
                file.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
        }

        file.SetLength(bytes);
        return path;
    }

    /// <summary>The image with its seal and block map, copied into <paramref name="folder"/> so a test may change them.</summary>
    public string CopyImage(string folder)
    {
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, SampleBuild.ImageName);
        foreach (var suffix in new[] { string.Empty, ".p7s", ".bmap" })
        {
            File.Copy(Image + suffix, copy + suffix);
        }

        return copy;
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public void Dispose() => Build.Dispose();
}
