namespace Flashsmith.Reproducibility;

/// <summary>
/// The conditions of one of reproduce's builds: where the project copy sits (below the workspace), the
/// environment (TZ, LANG, LC_ALL, HOME), the umask, the job count, whether the cache is warmed first, and
/// whether the copy's files are created in reverse order (so that directory listings come differently).
/// </summary>
public sealed record BuildVariation(string Label, string ProjectPath, string TimeZone, string Locale, string Umask, int Jobs, bool WarmCache, bool ReverseOrder)
{
    public static BuildVariation First { get; } = new("first", "p", "UTC", "C.UTF-8", "022", 1, false, false);

    public static BuildVariation Second { get; } = new("second", Path.Combine("a", "much", "longer", "path", "to", "the", "project"), "Pacific/Chatham", "fr_FR.UTF-8", "077", Math.Max(2, Environment.ProcessorCount), true, true);

    public override string ToString() =>
        $"{Label} build: TZ={TimeZone} LANG={Locale} umask {Umask} --jobs {Jobs}, {(WarmCache ? "warm" : "cold")} cache, files created in {(ReverseOrder ? "reverse" : "ordinal")} order";
}
