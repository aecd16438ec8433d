using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan, every component's bytes (the loader, the core, and each driver and guest by name) and the Authenticode signer (given the component's name and bytes).</summary>
public sealed record PackInput(BuildPlan Plan, byte[] Loader, byte[] Core, IReadOnlyDictionary<string, byte[]> Drivers, Func<string, byte[], byte[]> SignPe);
