using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// verify tells a key file from an image by what it holds, not by its size: a key provisioned into a file exactly the
/// size of its image (as <c>bmaptool copy</c> leaves one) is a key; the image itself, without its .p7s, is not.
/// </summary>
public sealed class KeyFileTheImageSizeTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Provisioned_key_file_exactly_the_image_size_verifies_as_a_key()
    {
        var size = new FileInfo(fixture.Image).Length;
        var key = ProvisionFixture.KeyFile(temp, "exact.img", size, fill: 0xA5);
        var run = ProvisionFixture.Provision(fixture.Image, temp.File("f.db"), "--device", key, "--serial", "SN-EXACT", "--yes");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Equal(size, new FileInfo(key).Length);
        Assert.False(File.Exists(key + ".p7s"));

        var verify = CliRun.Of("verify", key, "--cert", ProvisionFixture.Certificate);

        Assert.True(verify.ExitCode == ExitCodes.Success, verify.Output + verify.Error);
        Assert.Contains("key seal", verify.Output, StringComparison.Ordinal);
        Assert.Contains("SN-EXACT", verify.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(".p7s file beside the image is missing", verify.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprovisioned_image_without_its_p7s_still_fails_for_want_of_its_seal()
    {
        var image = fixture.CopyImage(temp.File("unsealed"));
        File.Delete(image + ".p7s");

        var verify = CliRun.Of("verify", image, "--cert", ProvisionFixture.Certificate);

        Assert.Equal(ExitCodes.VerificationFailed, verify.ExitCode);
        Assert.Contains(".p7s file beside the image is missing", verify.Error, StringComparison.Ordinal);
    }
}
