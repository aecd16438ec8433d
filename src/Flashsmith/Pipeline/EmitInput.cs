using Flashsmith.Budget;
using Flashsmith.Planning;
using Flashsmith.Reproducibility;
using Flashsmith.Signing;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// Everything the outputs are made of (the signed files, the image laid out, its seal and budget), what provenance records
/// beyond the plan, the folder that receives one subfolder per target, the cache that remembers what is there, and the
/// toolchains of other presets the target's components used (its guests'). The seal may still be in the making: the
/// image is written and read back meanwhile, and only what names its digest waits for it.
/// </summary>
public sealed record EmitInput(BuildPlan Plan, SignOutput Signed, AssembleOutput Assembly, Task<SealOutput> Seal, BudgetReport Budget, Toolchain Toolchain, SigningKey Key, string OutputRoot, string CacheFolder, ProvenanceFacts Facts, IReadOnlyList<Toolchain>? GuestToolchains = null);
