using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>
/// The recipe's <c>core</c> section: compiled from <see cref="Sources"/>, or taken as it is from <see cref="Prebuilt"/>
/// with its <see cref="Sha256"/>; exactly one of the two is set. Paths are full paths.
/// </summary>
public sealed record CoreSpec(
    Sourced<string>? Sources,
    Sourced<string>? Prebuilt,
    Sourced<string>? Sha256,
    Sourced<string>? Purl,
    Sourced<string> Options,
    Sourced<string> Toolchain,
    IReadOnlyList<Sourced<string>> Flags,
    Sourced<string> Output,
    Sourced<string> Loader,
    CompileInputs Compile);
