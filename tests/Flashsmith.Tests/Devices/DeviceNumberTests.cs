using Flashsmith.Devices;

namespace Flashsmith.Tests.Devices;

public sealed class DeviceNumberTests
{
    [Theory]
    [InlineData("8:17\n", 8u, 17u)]
    [InlineData("259:0", 259u, 0u)]
    public void Parses_major_colon_minor(string text, uint major, uint minor)
    {
        Assert.True(DeviceNumber.TryParse(text, out var number));
        Assert.Equal(new DeviceNumber(major, minor), number);
        Assert.Equal(text.Trim(), number.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("8")]
    [InlineData("8:x")]
    [InlineData("-1:2")]
    [InlineData(null)]
    public void Rejects_anything_else(string? text)
    {
        Assert.False(DeviceNumber.TryParse(text, out _));
    }
}
