using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Recipes;

/// <summary>One entry of the recipe's <c>guests</c>; <see cref="Sources"/> is a full path.</summary>
public sealed record GuestSpec(
    SourcePosition Position,
    Sourced<string> Name,
    Sourced<ComponentVersion> Version,
    Sourced<string> Sources,
    Sourced<ByteSize> Memory,
    Sourced<string> Group,
    Sourced<string> Toolchain,
    IReadOnlyList<Sourced<string>> Flags,
    CompileInputs Compile)
{
    /// <summary>The smallest memory a guest may have: its page tables and start block, its binary and its stack.</summary>
    public static readonly ByteSize MinMemory = ByteSize.FromKiB(128);

    /// <summary>The largest: the core maps a guest's memory with one page directory.</summary>
    public static readonly ByteSize MaxMemory = ByteSize.FromMiB(1024);

    public static readonly ByteSize MemoryGranule = ByteSize.FromKiB(4);
}
