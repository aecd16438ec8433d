using Flashsmith.Diagnostics;
using Flashsmith.Recipes;
using Flashsmith.Recipes.Schema;

namespace Flashsmith.Packages;

/// <summary>
/// Chooses one version per package for a target: the highest that meets every constraint and the
/// target's minimum acceptance level, pulling in dependencies (also through provided virtual names),
/// then refusing conflicts and two packages that install the same path. Each refusal says the chain
/// that led to it.
/// </summary>
public static class PackageResolver
{
    /// <param name="requests">The recipe's packages.</param>
    /// <param name="pinned">The recipe's own drivers: they answer dependencies and take part in conflict and path checks.</param>
    public static IReadOnlyList<ResolvedPackage> Resolve(
        IReadOnlyList<Sourced<PackageRequirement>> requests,
        IReadOnlyList<DriverPackage> depot,
        IReadOnlyList<DriverPackage> pinned,
        AcceptanceLevel minimum)
    {
        var chosen = new List<ResolvedPackage>();
        var queue = new Queue<(PackageRequirement Requirement, string Reason, SourcePosition? At)>(
            requests.Select(r => (r.Value, "requested by the recipe", (SourcePosition?)r.Position)));
        foreach (var driver in pinned)
        {
            foreach (var dependency in driver.Depends)
            {
                queue.Enqueue((dependency, $"{driver} depends on {dependency}", driver.Position));
            }
        }

        var problems = new DiagnosticBag();
        while (queue.Count > 0)
        {
            var (requirement, reason, at) = queue.Dequeue();
            var present = pinned.Concat(chosen.Select(c => c.Package)).FirstOrDefault(p => p.Answers(requirement.Name));
            if (present is not null)
            {
                if (!requirement.IsSatisfiedBy(present.Version))
                {
                    problems.Add(DiagnosticCodes.PackageUnresolved, at, $"{Because(reason, requirement)}, but {present} is already in the image");
                }

                continue;
            }

            var named = depot.Where(p => p.Answers(requirement.Name)).OrderByDescending(p => p.Version).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
            var fitting = named.Where(p => requirement.IsSatisfiedBy(p.Version)).ToList();
            var acceptable = fitting.Where(p => p.Acceptance >= minimum).ToList();
            if (acceptable.Count == 0)
            {
                problems.Add(DiagnosticCodes.PackageUnresolved, at, named.Count == 0
                    ? $"{Because(reason, requirement)}, but the depot has no package '{requirement.Name}'"
                    : fitting.Count == 0
                        ? $"{Because(reason, requirement)}, but the depot has {string.Join(", ", named.Select(p => p.Name == requirement.Name ? p.Version.ToString() : p.ToString()))}"
                        : $"{Because(reason, requirement)}, but {string.Join(", ", fitting.Select(p => $"{p} is '{Lower(p.Acceptance)}'"))}, below the target's minimum acceptance level '{Lower(minimum)}'");
                continue;
            }

            var package = acceptable[0];
            chosen.Add(new ResolvedPackage(package, reason));
            foreach (var dependency in package.Depends)
            {
                queue.Enqueue((dependency, $"{package} depends on {dependency}", at));
            }
        }

        var all = pinned.Concat(chosen.Select(c => c.Package)).ToList();
        foreach (var package in all)
        {
            foreach (var conflict in package.Conflicts)
            {
                foreach (var other in all.Where(o => o != package && o.Answers(conflict.Name) && conflict.IsSatisfiedBy(o.Version)))
                {
                    problems.Add(DiagnosticCodes.PackageUnresolved, package.Position, $"{package} conflicts with {conflict}, and {other} is in the image ({Why(other, chosen)})");
                }
            }
        }

        foreach (var clash in all.SelectMany(p => p.Installs.Select(path => (Path: path, Package: p))).GroupBy(i => i.Path, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add(DiagnosticCodes.PackageUnresolved, clash.Select(c => c.Package.Position).FirstOrDefault(p => p is not null), $"{string.Join(" and ", clash.Select(c => c.Package.ToString()))} both install {clash.Key}");
        }

        problems.ThrowIfAny();
        return chosen;
    }

    private static string Because(string reason, PackageRequirement requirement) =>
        reason == "requested by the recipe" ? $"the recipe asks for {requirement}" : reason;

    private static string Why(DriverPackage package, IReadOnlyList<ResolvedPackage> chosen) =>
        chosen.FirstOrDefault(c => c.Package == package)?.Reason ?? "a driver of the recipe";

    private static string Lower(AcceptanceLevel level) => ChoiceSet.Word(level);
}
