using Flashsmith.Recipes;

namespace Flashsmith.Tests.Recipes;

public sealed class ComponentVersionTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("8.0.3", "8.0.3")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("2.1-rc1", "2.1-rc1")]
    public void Parses_and_prints(string text, string printed)
    {
        Assert.True(ComponentVersion.TryParse(text, out var version));
        Assert.Equal(printed, version.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1..2")]
    [InlineData("1.2.3.4.5")]
    [InlineData("v1.0")]
    [InlineData("1.0-")]
    [InlineData("1.x")]
    public void Refuses_malformed(string text) => Assert.False(ComponentVersion.TryParse(text, out _));

    [Theory]
    [InlineData("1.0", "1.0.0", 0)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("2.0-rc1", "2.0", -1)]
    [InlineData("2.0-rc1", "2.0-rc2", -1)]
    [InlineData("1.2.3", "1.2.4", -1)]
    public void Compares_numerically(string a, string b, int sign)
    {
        ComponentVersion.TryParse(a, out var left);
        ComponentVersion.TryParse(b, out var right);

        Assert.Equal(sign, Math.Sign(left.CompareTo(right)));
    }
}
