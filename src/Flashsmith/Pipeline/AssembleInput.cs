using Flashsmith.Planning;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>The plan, the signed files to lay out on the flash, and the signatures that sign the key seal.</summary>
public sealed record AssembleInput(BuildPlan Plan, SignOutput Signed, SignatureCache Signatures);
