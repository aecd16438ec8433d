using Flashsmith.Diagnostics;
using Flashsmith.Packages;
using Flashsmith.Recipes;

namespace Flashsmith.Tests.Packages;

public sealed class PackageResolverTests
{
    private static readonly SourcePosition At = new("recipes/oem/hp.yaml", 12, 11);

    private static readonly DriverPackage[] Depot =
    [
        Package("hp-ilo-ipmi", "1.8.0", AcceptanceLevel.Partner, provides: ["ipmi-driver"]),
        Package("hp-ilo-ipmi", "2.1.0", AcceptanceLevel.Partner, provides: ["ipmi-driver"]),
        Package("hp-amsd", "11.4.0", AcceptanceLevel.Partner, depends: ["hp-ilo-ipmi >= 2.0"], conflicts: ["hp-legacy-agent"]),
        Package("hp-amsd", "12.0.0", AcceptanceLevel.Partner, depends: ["hp-ilo-ipmi >= 3.0"]),
        Package("hp-legacy-agent", "3.0.0", AcceptanceLevel.Community, depends: ["ipmi-driver"]),
        Package("hp-legacy-agent", "3.1.0", AcceptanceLevel.Partner, depends: ["ipmi-driver"]),
        Package("raid-a", "1.0", AcceptanceLevel.Certified, installs: ["/raid.efi"]),
        Package("raid-b", "1.0", AcceptanceLevel.Certified, installs: ["/raid.efi"]),
    ];

    [Fact]
    public void Highest_fitting_version_is_chosen_with_its_dependencies_and_reasons()
    {
        var chosen = Resolve(["hp-amsd < 12"]);

        Assert.Equal(
            ["hp-amsd 11.4.0: requested by the recipe", "hp-ilo-ipmi 2.1.0: hp-amsd 11.4.0 depends on hp-ilo-ipmi >= 2.0"],
            chosen.Select(c => $"{c.Package}: {c.Reason}"));
    }

    [Fact]
    public void Dependency_the_depot_cannot_meet_names_the_chain_and_the_versions_there_are()
    {
        Assert.Equal(
            ["12:11: hp-amsd 12.0.0 depends on hp-ilo-ipmi >= 3.0, but the depot has 2.1.0, 1.8.0"],
            Errors(["hp-amsd"]));
    }

    [Fact]
    public void Virtual_names_are_answered_by_what_provides_them()
    {
        var chosen = Resolve(["hp-legacy-agent"], AcceptanceLevel.Partner);

        Assert.Equal(["hp-legacy-agent 3.1.0", "hp-ilo-ipmi 2.1.0"], chosen.Select(c => c.Package.ToString()));
    }

    [Fact]
    public void Package_below_the_minimum_acceptance_level_is_refused()
    {
        Assert.Equal(
            ["12:11: the recipe asks for hp-legacy-agent < 3.1, but hp-legacy-agent 3.0.0 is 'community', below the target's minimum acceptance level 'partner'"],
            Errors(["hp-legacy-agent < 3.1"], AcceptanceLevel.Partner));
    }

    [Fact]
    public void Unknown_package_is_refused()
    {
        Assert.Equal(["12:11: the recipe asks for nosuch >= 1.0, but the depot has no package 'nosuch'"], Errors(["nosuch >= 1.0"]));
    }

    [Fact]
    public void Conflict_is_refused_naming_why_the_other_package_is_there()
    {
        Assert.Equal(
            ["1:1: hp-amsd 11.4.0 conflicts with hp-legacy-agent, and hp-legacy-agent 3.1.0 is in the image (requested by the recipe)"],
            Errors(["hp-amsd < 12", "hp-legacy-agent"]));
    }

    [Fact]
    public void Two_packages_installing_the_same_path_are_refused()
    {
        Assert.Equal(["1:1: raid-a 1.0 and raid-b 1.0 both install /raid.efi"], Errors(["raid-a", "raid-b"]));
    }

    [Fact]
    public void Recipe_driver_too_old_for_a_dependency_is_refused()
    {
        var pinned = new[] { Package("ipmi-kcs", "1.2.0", AcceptanceLevel.Accepted), Package("hp-ilo", "2.4.1", AcceptanceLevel.Partner, depends: ["ipmi-kcs >= 2.0"]) };

        var error = Assert.Throws<BadInputException>(() => PackageResolver.Resolve([], Depot, pinned, AcceptanceLevel.Community));

        Assert.Equal("hp-ilo 2.4.1 depends on ipmi-kcs >= 2.0, but ipmi-kcs 1.2.0 is already in the image", Assert.Single(error.Problems).Message);
    }

    private static IReadOnlyList<ResolvedPackage> Resolve(string[] requests, AcceptanceLevel minimum = AcceptanceLevel.Community) =>
        PackageResolver.Resolve(Requests(requests), Depot, [], minimum);

    private static IReadOnlyList<string> Errors(string[] requests, AcceptanceLevel minimum = AcceptanceLevel.Community)
    {
        var error = Assert.Throws<BadInputException>(() => Resolve(requests, minimum));
        return error.Problems.Select(d => $"{d.Position!.Value.Line}:{d.Position!.Value.Column}: {d.Message}").ToList();
    }

    private static List<Sourced<PackageRequirement>> Requests(string[] texts) =>
        texts.Select(t => PackageRequirement.TryParse(t, out var r) ? new Sourced<PackageRequirement>(r, At) : throw new ArgumentException(t)).ToList();

    private static DriverPackage Package(string name, string version, AcceptanceLevel acceptance, string[]? depends = null, string[]? conflicts = null, string[]? provides = null, string[]? installs = null)
    {
        ComponentVersion.TryParse(version, out var v);
        PackageRequirement Parse(string t) => PackageRequirement.TryParse(t, out var r) ? r : throw new ArgumentException(t);
        return new DriverPackage(name, v, "Vendor", "Summary", acceptance, "oem", [], (depends ?? []).Select(Parse).ToList(), (conflicts ?? []).Select(Parse).ToList(), provides ?? [], installs ?? [$"/{name}.efi"], "/src", null, null, "depot/package.yaml", new SourcePosition("depot/package.yaml", 1, 1));
    }
}
