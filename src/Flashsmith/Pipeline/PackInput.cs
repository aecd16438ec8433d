using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan and every component's bytes as built or collected: the loader, the core, and each driver, guest and file by name.</summary>
public sealed record PackInput(BuildPlan Plan, byte[] Loader, byte[] Core, IReadOnlyDictionary<string, byte[]> Components);
