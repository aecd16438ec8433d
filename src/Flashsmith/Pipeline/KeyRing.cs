using Flashsmith.Diagnostics;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// The signing keys of one build, each opened once and shared by the targets that name it (a token
/// is logged into once), and closed when the build is done. A release refuses the development key.
/// </summary>
public sealed class KeyRing(BuildOptions options) : IDisposable
{
    private readonly Dictionary<(KeyReference Key, string? Certificate, string Root), SigningKey> keys = [];
    private readonly Lock gate = new();

    public SigningKey For(Planning.BuildPlan plan)
    {
        var reference = options.Key ?? plan.Signing.Key;
        if (options.Release && reference.Source == KeySource.Development)
        {
            throw new BadInputException($"{plan.Target}: a release build refuses the development key; name a release key with --key or the recipe's 'signing.key'");
        }

        var certificate = options.Key is null ? plan.Signing.Certificate : null;
        lock (gate)
        {
            if (!keys.TryGetValue((reference, certificate, plan.ProjectRoot), out var key))
            {
                key = KeyLoader.Load(reference, certificate, plan.ProjectRoot, options.Environment);
                keys[(reference, certificate, plan.ProjectRoot)] = key;
            }

            return key;
        }
    }

    public void Dispose()
    {
        foreach (var key in keys.Values)
        {
            key.Dispose();
        }
    }
}
