using Flashsmith.Diagnostics;

namespace Flashsmith.Recipes;

/// <summary>One <c>add</c> entry of an initramfs: a file or folder (a full path) and where it goes in the archive.</summary>
public sealed record InitramfsAdditionSpec(SourcePosition Position, Sourced<string> From, Sourced<string> To, Sourced<string>? Sha256);
