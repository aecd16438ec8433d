using Flashsmith.Recipes;

namespace Flashsmith.Tests.Recipes;

public sealed class PackageRequirementTests
{
    [Theory]
    [InlineData("ipmi-kcs", "ipmi-kcs")]
    [InlineData("hp-ilo-ipmi >= 2.0", "hp-ilo-ipmi >= 2.0")]
    [InlineData("nic<3", "nic < 3")]
    [InlineData("nic == 1.2", "nic = 1.2")]
    [InlineData("nic != 1.2", "nic != 1.2")]
    public void Parses_names_and_constraints(string text, string printed)
    {
        Assert.True(PackageRequirement.TryParse(text, out var requirement));
        Assert.Equal(printed, requirement.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(">= 1.0")]
    [InlineData("nic >> 1")]
    [InlineData("nic >=")]
    [InlineData("Nic")]
    public void Refuses_malformed(string text) => Assert.False(PackageRequirement.TryParse(text, out _));

    [Theory]
    [InlineData("x >= 1.2", "1.2", true)]
    [InlineData("x >= 1.2", "1.1.9", false)]
    [InlineData("x < 2", "1.99", true)]
    [InlineData("x = 1.0", "1", true)]
    [InlineData("x", "0.1", true)]
    public void Checks_candidates(string text, string candidate, bool expected)
    {
        PackageRequirement.TryParse(text, out var requirement);
        ComponentVersion.TryParse(candidate, out var version);

        Assert.Equal(expected, requirement.IsSatisfiedBy(version));
    }

    [Theory]
    [InlineData("8086:100e", "8086:100e")]
    [InlineData("8086:100E", "8086:100e")]
    public void Pci_ids_parse_as_hex(string text, string printed)
    {
        Assert.True(PciId.TryParse(text, out var id));
        Assert.Equal(printed, id.ToString());
    }

    [Theory]
    [InlineData("8086")]
    [InlineData("8086:100")]
    [InlineData("zzzz:100e")]
    public void Pci_ids_refuse_malformed(string text) => Assert.False(PciId.TryParse(text, out _));
}
