using Flashsmith.Planning;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>Everything the outputs are made of, and the folder that receives one subfolder per target.</summary>
public sealed record EmitInput(BuildPlan Plan, PackOutput Pack, AssembleOutput Assembly, Toolchain Toolchain, string OutputRoot);
