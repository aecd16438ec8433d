using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan and every component's bytes: the core, and each driver by name.</summary>
public sealed record PackInput(BuildPlan Plan, byte[] Core, IReadOnlyDictionary<string, byte[]> Drivers);
