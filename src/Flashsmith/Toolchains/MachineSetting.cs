namespace Flashsmith.Toolchains;

/// <summary>A per-machine setting: its key in the config file, the environment variable that overrides it, and what it is.</summary>
public sealed record MachineSetting(string Key, string Variable, string Description);
