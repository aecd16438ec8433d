using Flashsmith.TestSupport;

namespace Flashsmith.Fuzz.Tests;

/// <summary>The inputs kept in tests/fuzz/: each target's seeds and its regression inputs (minimised findings).</summary>
public static class FuzzInputs
{
    public static string Folder => Path.Combine(RepositoryRoot.Path, "tests", "fuzz");

    public static string Regressions => Path.Combine(Folder, "regressions");

    public static string Corpus => Path.Combine(Folder, "corpus");

    /// <summary>Every regression input, as (target, file name).</summary>
    public static TheoryData<string, string> RegressionInputs() => Inputs(Regressions, FuzzTargets.All.Select(t => (t.Name, t.Name)));

    /// <summary>Every seed, as (target, file name), for every target that reads it.</summary>
    public static TheoryData<string, string> Seeds() => Inputs(Corpus, FuzzTargets.All.Select(t => (t.Name, t.Corpus)));

    private static TheoryData<string, string> Inputs(string root, IEnumerable<(string Target, string Folder)> folders)
    {
        var data = new TheoryData<string, string>();
        foreach (var (target, folder) in folders)
        {
            var path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetRelativePath(root, file));
            }
        }

        return data;
    }
}
