using System.Collections.Concurrent;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Pipeline;

/// <summary>
/// Signs each compiled driver and loader as soon as it is linked, while other components still compile, with the key
/// of every target that installs it; <see cref="SignStage"/> then finds those signatures made. Only the core waits for
/// the sign stage, since the manifest it carries names the signed drivers. Best-effort: a key that cannot be opened is
/// left for the sign stage to report for its own target, and a signature that failed fails there again.
/// </summary>
public sealed class EarlySigning
{
    private readonly KeyRing keys;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<BuildPlan>> signers;
    private readonly ConcurrentQueue<Task> running = new();

    /// <param name="plans">The targets being built.</param>
    /// <param name="keys">The build's keys and their signatures.</param>
    /// <param name="keyOf">The compile stage's key of a compiled component, as it names the component when linked.</param>
    public EarlySigning(IReadOnlyList<BuildPlan> plans, KeyRing keys, Func<PlannedComponent, string> keyOf)
    {
        this.keys = keys;
        signers = plans
            .SelectMany(plan => plan.Components
                .Where(c => c.SourceFolder is not null && c.Kind is ComponentKind.Driver or ComponentKind.Loader)
                .Select(c => (Key: keyOf(c), Plan: plan)))
            .GroupBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<BuildPlan>)[.. g.Select(s => s.Plan)], StringComparer.Ordinal);
    }

    /// <summary>Starts signing <paramref name="image"/>, the image of <paramref name="component"/>, for every target that installs it as it is.</summary>
    public void Linked(SourceComponent component, byte[] image)
    {
        if (signers.TryGetValue(component.Key, out var plans))
        {
            running.Enqueue(Task.Run(() =>
            {
                foreach (var plan in plans)
                {
                    try
                    {
                        keys.Signatures(plan).Sign(image);
                    }
                    catch (Exception)
                    {
                        // The sign stage meets the same failure and reports it for its target.
                    }
                }
            }));
        }
    }

    /// <summary>Completes when every signature started here is made or has failed.</summary>
    public Task SettledAsync() => Task.WhenAll(running);
}
