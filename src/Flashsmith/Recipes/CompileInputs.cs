using Flashsmith.Diagnostics;
using Flashsmith.Toolchains;

namespace Flashsmith.Recipes;

/// <summary>A component's <c>include</c> folders (full paths) and <c>defines</c>.</summary>
public sealed record CompileInputs(IReadOnlyList<Sourced<string>> Include, IReadOnlyList<Sourced<CompileDefine>> Defines)
{
    public static readonly CompileInputs None = new([], []);
}
