using Flashsmith.Diagnostics;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>
/// The signing keys of one build, each opened once and shared by the targets that name it (a token
/// is logged into once), and closed when the build is done; with each key, the signatures it made, kept under
/// <paramref name="cacheFolder"/>. A release refuses the development key.
/// </summary>
public sealed class KeyRing(BuildOptions options, string cacheFolder) : IDisposable
{
    private readonly Dictionary<(KeyReference Key, string? Certificate, string Root), SigningKey> keys = [];
    private readonly Dictionary<SigningKey, SignatureCache> signatures = [];
    private readonly Lock gate = new();

    /// <summary>The key <paramref name="plan"/> is signed with, and its certificate file when separate: --key overrides the recipe's.</summary>
    public static (KeyReference Key, string? Certificate) ReferenceFor(Planning.BuildPlan plan, BuildOptions options) =>
        ReferenceFor(plan, options.Key);

    /// <summary>The key <paramref name="plan"/> is signed with when <paramref name="overriding"/> (--key) is given or not, and its certificate file when separate.</summary>
    public static (KeyReference Key, string? Certificate) ReferenceFor(Planning.BuildPlan plan, KeyReference? overriding) =>
        overriding is { } key ? (key, null) : (plan.Signing.Key, plan.Signing.Certificate);

    /// <summary>
    /// The files a key is read from (for the development key, the files it is kept in under the project), so that a
    /// change to any of them is seen; null for a key on a token, which no file describes.
    /// </summary>
    public static IReadOnlyList<string>? FilesOf(KeyReference key, string? certificate, string projectRoot) => key.Source switch
    {
        KeySource.Development => [Path.Combine(DevelopmentKey.DefaultFolder(projectRoot), DevelopmentKey.KeyFile), Path.Combine(DevelopmentKey.DefaultFolder(projectRoot), DevelopmentKey.CertificateFile)],
        KeySource.File => certificate is null ? [Path.GetFullPath(key.Location)] : [Path.GetFullPath(key.Location), Path.GetFullPath(certificate)],
        _ => null,
    };

    /// <summary>The refusal of the development key for a release build of <paramref name="plan"/>.</summary>
    public static BadInputException DevelopmentKeyRefused(Planning.BuildPlan plan) =>
        new(DiagnosticCodes.DevelopmentKeyRefused, $"{plan.Target}: a release build refuses the development key; name a release key with --key or the recipe's 'signing.key'");

    public SigningKey For(Planning.BuildPlan plan)
    {
        var (reference, certificate) = ReferenceFor(plan, options);
        if (options.Release && reference.Source == KeySource.Development)
        {
            throw DevelopmentKeyRefused(plan);
        }

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

    /// <summary>The signatures of <paramref name="plan"/>'s key: one cache per key, shared by every target and thread that signs with it.</summary>
    public SignatureCache Signatures(Planning.BuildPlan plan)
    {
        var key = For(plan);
        lock (gate)
        {
            if (!signatures.TryGetValue(key, out var cache))
            {
                cache = new SignatureCache(cacheFolder, key);
                signatures[key] = cache;
            }

            return cache;
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
