using Flashsmith.Signing;

namespace Flashsmith.Tests.Signing;

public sealed class WinCertificateTests
{
    [Fact]
    public void Header_is_8_bytes_and_round_trips()
    {
        var bytes = new byte[] { 0xE9, 0x05, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00 };

        var header = WinCertificate.Read(bytes);
        var written = new byte[WinCertificate.Size];
        header.Write(written);

        Assert.Equal(8, WinCertificate.Size);
        Assert.Equal(new WinCertificate(1513, 0x0200, 0x0002), header);
        Assert.True(header.IsPkcsSignedData);
        Assert.Equal(1520, header.PaddedLength);
        Assert.Equal(bytes, written);
        Assert.Equal(0x1_0000_0000L, new WinCertificate(uint.MaxValue, 0x0200, 0x0002).PaddedLength);
    }
}
