using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>
/// One entry of the recipe's <c>files</c>: a file that goes with the core, from exactly one source: a file taken as it is
/// (<see cref="From"/> with its <see cref="Sha256"/>), inline <see cref="Text"/>, or a folder packed as an
/// <see cref="Initramfs"/> with its <see cref="Additions"/>. <see cref="Partition"/> is null for the boot bank.
/// </summary>
public sealed record FileSpec(
    SourcePosition Position,
    Sourced<string> Name,
    Sourced<ComponentVersion> Version,
    Sourced<string> Group,
    Sourced<string> To,
    Sourced<string>? Partition,
    Sourced<string>? From,
    Sourced<string>? Sha256,
    Sourced<string>? Text,
    Sourced<string>? Initramfs,
    IReadOnlyList<InitramfsAdditionSpec> Additions,
    Sourced<string>? Purl);
