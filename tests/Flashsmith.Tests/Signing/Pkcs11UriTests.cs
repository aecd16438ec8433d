using Flashsmith.Diagnostics;
using Flashsmith.Signing;

namespace Flashsmith.Tests.Signing;

public sealed class Pkcs11UriTests
{
    [Fact]
    public void Reads_token_object_id_and_module()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=Factory%20HSM;object=release;id=%01%02?module-path=/usr/lib/softhsm/libsofthsm2.so");

        Assert.Equal("Factory HSM", uri.Token);
        Assert.Equal("release", uri.Object);
        Assert.Equal(new byte[] { 1, 2 }, uri.Id);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", uri.ModulePath);
    }

    [Fact]
    public void Pin_in_the_uri_is_refused()
    {
        var error = Assert.Throws<BadInputException>(() => Pkcs11Uri.Parse("pkcs11:token=a?pin-value=1234"));

        Assert.DoesNotContain("1234", error.Message, StringComparison.Ordinal);
    }
}
