using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Packaging;

/// <summary>
/// tools/package --release, run twice in the native tool's checkout (whose programs it packs, so the slow native
/// compile happens once for the whole test run), each run into a folder of its own.
/// </summary>
public sealed class PackagedRelease
{
    public const string Version = "0.1.0";

    public const string PackageName = "flashsmith_" + Version + "_amd64.deb";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(30);

    private static readonly Lock Gate = new();

    private static PackagedRelease? made;

    private PackagedRelease(NativeTool native)
    {
        Checkout = native.Root;
        First = Package(native, "first");
        Second = Package(native, "second");
    }

    /// <summary>The checkout the package was made from.</summary>
    public string Checkout { get; }

    public (ExternalTool.Result Run, string Folder) First { get; }

    public (ExternalTool.Result Run, string Folder) Second { get; }

    /// <summary>The package of the first run; a test that uses it fails with the run's output when there is none.</summary>
    public string Deb
    {
        get
        {
            var deb = Path.Combine(First.Folder, PackageName);
            Assert.True(First.Run.ExitCode == 0 && File.Exists(deb), First.Run.All);
            return deb;
        }
    }

    /// <summary>The development certificate the release was signed with.</summary>
    public string Certificate => Path.Combine(Checkout, ".flashsmith", "keys", "dev", "cert.pem");

    /// <summary>The release made from <paramref name="native"/>'s checkout, made by the first test that asks.</summary>
    public static PackagedRelease Of(NativeTool native)
    {
        lock (Gate)
        {
            return made ??= new PackagedRelease(native);
        }
    }

    private static (ExternalTool.Result, string) Package(NativeTool native, string name)
    {
        // Under images/, which the checkout ignores: a release is made only from a checkout with nothing untracked.
        var folder = Path.Combine(native.Root, "images", "package-" + name);
        return (ExternalTool.Run(Path.Combine(native.Root, "tools", "package"), ["--release", "--out", folder], Limit), folder);
    }
}
