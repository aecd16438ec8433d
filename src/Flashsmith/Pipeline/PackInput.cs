using Flashsmith.Planning;

namespace Flashsmith.Pipeline;

/// <summary>The plan, every component's bytes (the core, and each driver by name) and the Authenticode signer.</summary>
public sealed record PackInput(BuildPlan Plan, byte[] Core, IReadOnlyDictionary<string, byte[]> Drivers, Func<byte[], byte[]> SignPe);
