using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>The recipe's <c>core</c> section; <see cref="Sources"/> and <see cref="Loader"/> are full paths.</summary>
public sealed record CoreSpec(
    Sourced<string> Sources,
    Sourced<string> Toolchain,
    IReadOnlyList<Sourced<string>> Flags,
    Sourced<string> Output,
    Sourced<string> Loader,
    CompileInputs Compile);
