namespace Flashsmith.Toolchains;

/// <summary>The environment variables that change what a build's tools make.</summary>
public static class ToolEnvironment
{
    /// <summary>The environment variable that sets the build's time (reproducible-builds.org); the tools never see it.</summary>
    public const string SourceDateEpoch = "SOURCE_DATE_EPOCH";
}
