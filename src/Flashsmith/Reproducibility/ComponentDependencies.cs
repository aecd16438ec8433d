using Flashsmith.Planning;

namespace Flashsmith.Reproducibility;

/// <summary>What each component of a plan depends on, among the plan's own components, in ordinal order.</summary>
public static class ComponentDependencies
{
    public static IReadOnlyList<PlannedComponent> Of(BuildPlan plan, PlannedComponent component) =>
        component.Depends
            .Select(r => plan.Components.FirstOrDefault(c => c.Name == r.Name))
            .OfType<PlannedComponent>()
            .Where(c => c != component)
            .DistinctBy(c => c.Name)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
}
