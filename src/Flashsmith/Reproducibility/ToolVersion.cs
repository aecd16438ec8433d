using System.Reflection;

namespace Flashsmith.Reproducibility;

/// <summary>Flashsmith's own version, as its build stamped it: recorded in SBOMs and provenance as the tool that made them.</summary>
public static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
