namespace Flashsmith.Cli.Tests.Commands;

/// <summary>
/// keys generate, run from a subfolder of a project, puts the development key in the project's .flashsmith/keys/dev,
/// where a build run from the same subfolder looks for it: the build signs with that key and makes no other, and verify
/// from there checks against its certificate.
/// </summary>
public sealed class KeysProjectFolderTests : IDisposable
{
    private readonly FirmwareProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void Key_generated_in_a_subfolder_is_the_one_a_build_from_there_signs_with()
    {
        var recipe = project.Target("acme", string.Empty);
        var sub = project.Temp.File("src/firmware");
        var keys = CliRun.InFolder(sub, "keys", "generate");
        Assert.True(keys.ExitCode == 0, keys.All);
        var certificate = project.Temp.File(".flashsmith/keys/dev/cert.pem");
        Assert.True(File.Exists(certificate), keys.All);
        Assert.False(Directory.Exists(Path.Combine(sub, ".flashsmith")), "keys generate wrote its key under the current folder, not the project's");
        var generated = File.ReadAllBytes(certificate);

        var build = CliRun.InFolder(sub, "build", Path.GetRelativePath(sub, recipe), "--out", project.Temp.File("images"), "--cache", project.Cache);

        Assert.True(build.ExitCode == 0, build.All);
        Assert.Equal(generated, File.ReadAllBytes(certificate));
        var image = Directory.GetFiles(project.Temp.File("images/acme"), "*.img").Single();
        var verify = CliRun.Of("verify", image, "--cert", certificate);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);

        // verify from the same subfolder, with no --cert, takes the project's development certificate too.
        var fromSub = CliRun.InFolder(sub, "verify", image);
        Assert.True(fromSub.ExitCode == 0, fromSub.All);
    }
}
