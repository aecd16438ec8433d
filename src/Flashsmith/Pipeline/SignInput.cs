using Flashsmith.Planning;
using Flashsmith.Signing;

namespace Flashsmith.Pipeline;

/// <summary>The plan, the packed files, and the signatures (by the build's key, cached) to sign them with.</summary>
public sealed record SignInput(BuildPlan Plan, PackOutput Pack, SignatureCache Signatures);
