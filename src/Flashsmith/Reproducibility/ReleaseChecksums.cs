using System.Security.Cryptography;
using System.Text;
using Flashsmith.Signing;

namespace Flashsmith.Reproducibility;

/// <summary>
/// A release's checksums: SHA256SUMS over every output of every target (as <c>sha256sum -c</c> reads
/// it, paths relative to the output folder, in ordinal order) and SHA256SUMS.p7s, a detached CMS
/// signature over it made with the build's key.
/// </summary>
public static class ReleaseChecksums
{
    public const string FileName = "SHA256SUMS";

    public static string Text(string outputRoot, IEnumerable<string> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.Select(f => Path.GetRelativePath(outputRoot, f)).Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(Path.Combine(outputRoot, file));
            text.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(file).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes both files, each to a temporary name first, so neither is ever seen half written.</summary>
    public static async Task WriteAsync(string outputRoot, IEnumerable<string> files, SigningKey key, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(Text(outputRoot, files));
        var seal = ImageSeal.Create(SHA256.HashData(bytes), key);
        await ReplaceAsync(Path.Combine(outputRoot, FileName), bytes, cancellation).ConfigureAwait(false);
        await ReplaceAsync(Path.Combine(outputRoot, FileName + ".p7s"), seal, cancellation).ConfigureAwait(false);
    }

    private static async Task ReplaceAsync(string path, byte[] bytes, CancellationToken cancellation)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllBytesAsync(temp, bytes, cancellation).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
