namespace Flashsmith.Planning;

/// <summary>A file to put into a partition; <see cref="Component"/> names the component it is, if any.</summary>
public sealed record PackedFile(string Partition, string Path, byte[] Bytes, string? Component)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bytes));
}
