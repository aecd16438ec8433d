using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Tests.Provisioning;

public sealed class UnitIdentityTests
{
    [Theory]
    [InlineData("SN-0001")]
    [InlineData("a.b_c-D9")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void Serials_of_the_allowed_characters_are_valid(string serial) => Assert.Null(UnitIdentity.SerialProblem(serial));

    [Theory]
    [InlineData("")]
    [InlineData("SN 0001")]
    [InlineData("SN/0001")]
    [InlineData("SNé")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public void Other_serials_are_not(string serial) =>
        Assert.Equal($"unit serial '{serial}' is not valid: a unit serial is 1 to 64 of the characters A-Z, a-z, 0-9, '.', '_' and '-'", UnitIdentity.SerialProblem(serial));

    [Theory]
    [InlineData("node-1")]
    [InlineData("node-1.rack-7.example.com")]
    [InlineData("1a")]
    public void Rfc_1123_host_names_are_valid(string hostname) => Assert.Null(UnitIdentity.HostnameProblem(hostname));

    [Theory]
    [InlineData("node_1", "its label 'node_1' has a character other than a letter, digit or '-'")]
    [InlineData("-node", "its label '-node' starts or ends with '-'")]
    [InlineData("node-.example", "its label 'node-' starts or ends with '-'")]
    [InlineData("node..example", "it has an empty label")]
    [InlineData("node.", "it has an empty label")]
    public void Other_host_names_are_not(string hostname, string why) =>
        Assert.Equal(
            $"host name '{hostname}' is not valid: {why}; a host name (RFC 1123) is at most 253 characters of dot-separated labels, each 1 to 63 letters, digits or '-', not starting or ending with '-'",
            UnitIdentity.HostnameProblem(hostname));

    [Fact]
    public void Host_names_and_labels_have_length_limits()
    {
        var label = new string('a', 64);
        var longName = string.Join('.', Enumerable.Repeat(new string('b', 63), 4));

        Assert.Null(UnitIdentity.HostnameProblem(new string('a', 63)));
        Assert.Contains($"its label '{label}' is 64 characters long;", UnitIdentity.HostnameProblem(label), StringComparison.Ordinal);
        Assert.Contains("is not valid: it is 255 characters long;", UnitIdentity.HostnameProblem(longName), StringComparison.Ordinal);
    }

    [Fact]
    public void Asset_tags_are_printable_ascii()
    {
        Assert.Null(UnitIdentity.AssetTagProblem("Asset #42 (rack 7)"));
        Assert.Equal(
            "asset tag 'tab\\u0009here' is not valid: an asset tag is 1 to 64 printable ASCII characters (space to '~')",
            UnitIdentity.AssetTagProblem("tab\there"));
        Assert.NotNull(UnitIdentity.AssetTagProblem(new string('x', 65)));
    }

    [Fact]
    public void The_constructor_reports_every_broken_rule()
    {
        var error = Assert.Throws<BadInputException>(() => new UnitIdentity("SN 1", "bad_host", "ok tag"));

        Assert.Equal(
            [
                "error FS7005: unit serial 'SN 1' is not valid: a unit serial is 1 to 64 of the characters A-Z, a-z, 0-9, '.', '_' and '-'",
                "error FS7005: host name 'bad_host' is not valid: its label 'bad_host' has a character other than a letter, digit or '-'; a host name (RFC 1123) is at most 253 characters of dot-separated labels, each 1 to 63 letters, digits or '-', not starting or ending with '-'",
            ],
            error.Lines);
    }
}
