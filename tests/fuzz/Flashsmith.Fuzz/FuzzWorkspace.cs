using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flashsmith.Signing;

namespace Flashsmith.Fuzz;

/// <summary>
/// What the targets share: a scratch project folder (the command line finds its project from the current folder),
/// the fuzzing key that signed the seed images and that the checks trust, and the repository the seeds came from.
/// </summary>
public sealed class FuzzWorkspace : IDisposable
{
    private (string Path, string Sha256)? releaseImage;
    private string? updateImage;

    private FuzzWorkspace(string repository, string folder)
    {
        Repository = repository;
        Folder = folder;
        var keyFolder = Path.Combine(repository, "tests", "fuzz", "key");
        CertificatePath = Path.Combine(keyFolder, "cert.pem");
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath));
        Trusted = certificate;
        var pem = File.ReadAllText(Path.Combine(keyFolder, "key.pem"));
        Key = new SoftwareSigningKey(
            () =>
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                return rsa;
            },
            X509Certificate2.CreateFromPem(File.ReadAllText(CertificatePath)));
        Project = Path.Combine(folder, "project");
        CopyFolder(Path.Combine(repository, "recipes"), Path.Combine(Project, "recipes"));
        foreach (var linked in new[] { "src", "examples" })
        {
            Directory.CreateSymbolicLink(Path.Combine(Project, linked), Path.Combine(repository, linked));
        }

        Scratch = Path.Combine(folder, "scratch");
        Directory.CreateDirectory(Scratch);
    }

    /// <summary>The folder, in the workspace's own, of the images written once for every input (<see cref="ReleaseImage"/>, <see cref="UpdateImage"/>).</summary>
    public const string FixedFolder = "fixed";

    /// <summary>The checkout: tests/fuzz/ holds the key, seeds and regressions.</summary>
    public string Repository { get; }

    /// <summary>The workspace's own folder, removed by <see cref="Dispose"/>.</summary>
    public string Folder { get; }

    /// <summary>A project folder (it has recipes/) that commands run in.</summary>
    public string Project { get; }

    /// <summary>A folder for files a target writes and reads back; emptied by each target that uses it.</summary>
    public string Scratch { get; }

    public string CertificatePath { get; }

    public X509Certificate2 Trusted { get; }

    /// <summary>The fuzzing key: seals the images the verify target reads, so that its checks go past the seal.</summary>
    public SigningKey Key { get; }

    /// <summary>A workspace in a new folder under <paramref name="parent"/> (the system's temporary folder by default).</summary>
    public static FuzzWorkspace Create(string repository, string? parent = null)
    {
        var folder = Path.Combine(parent ?? Path.GetTempPath(), $"flashsmith-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new FuzzWorkspace(repository, folder);
    }

    /// <summary>The checkout <paramref name="start"/> is in: the folder above it that holds Build.sln.</summary>
    public static string FindRepository(string start)
    {
        for (var dir = Path.GetFullPath(start); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Build.sln")) && Directory.Exists(Path.Combine(dir, "tests", "fuzz")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"{start} is not inside a Flashsmith checkout (no Build.sln with tests/fuzz above it)");
    }

    /// <summary>
    /// An image to check release documents against, written once from the seed of a 2 MiB build, and its SHA-256
    /// (lower-case hex).
    /// </summary>
    public (string Path, string Sha256) ReleaseImage()
    {
        releaseImage ??= WriteSeed("built-gpt-2mib.disk", Path.Combine(Folder, FixedFolder, "release.img"));
        return releaseImage.Value;
    }

    /// <summary>
    /// A signed image to install with <c>update</c>, written once from the seed of a 2 MiB build whose two banks are
    /// the same size: sealed afresh by the fuzzing key, with its block map (a seed of the bmap target) beside it.
    /// </summary>
    public string UpdateImage()
    {
        if (updateImage is null)
        {
            var (path, sha256) = WriteSeed("built-gpt-equal-banks-2mib.disk", Path.Combine(Folder, FixedFolder, "new.img"));
            File.Copy(Path.Combine(Repository, "tests", "fuzz", "corpus", "bmap", "built-equal-banks-2mib.bmap"), path + ".bmap");
            File.WriteAllBytes(path + ".p7s", ImageSeal.Create(Convert.FromHexString(sha256), Key));
            updateImage = path;
        }

        return updateImage;
    }

    /// <summary>Empties <see cref="Scratch"/> and gives it.</summary>
    public string CleanScratch()
    {
        Directory.Delete(Scratch, recursive: true);
        Directory.CreateDirectory(Scratch);
        return Scratch;
    }

    private (string Path, string Sha256) WriteSeed(string name, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SparseDisk.Read(File.ReadAllBytes(Path.Combine(Repository, "tests", "fuzz", "corpus", "image", name))).WriteFile(path);
        using var stream = File.OpenRead(path);
        return (path, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    public void Dispose()
    {
        Key.Dispose();
        Trusted.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temporary folder is the system's to clean.
        }
    }
}
