using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// A toolchain preset: the compiler and linker (and, for flat binaries, the converter), their versions,
/// and the flags that make a deterministic x86-64 image. <see cref="Fingerprint"/> goes into every cache key.
/// </summary>
public sealed record Toolchain(string Name, string Compiler, string Linker, string CompilerVersion, string LinkerVersion, string? Converter = null, string? ConverterVersion = null)
{
    /// <summary>The UEFI preset's compile flags (PE/COFF objects for lld-link).</summary>
    public static readonly IReadOnlyList<string> CompileFlags =
    [
        "-target", "x86_64-unknown-windows", "-ffreestanding", "-fshort-wchar", "-mno-red-zone",
        "-fno-stack-protector", "-mno-stack-arg-probe", "-fno-ident", "-Wall", "-Wextra", "-O2",
    ];

    /// <summary>
    /// The guest preset's compile flags: ELF objects for ld.lld, no SSE (a guest starts without it), no
    /// position-independent code, no unwind tables and no system headers.
    /// </summary>
    public static readonly IReadOnlyList<string> GuestCompileFlags =
    [
        "--target=x86_64-elf", "-ffreestanding", "-nostdinc", "-fno-pic", "-mno-red-zone", "-mgeneral-regs-only",
        "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-fno-ident", "-Wall", "-Wextra", "-O2",
    ];

    /// <summary>What a guest's sources must hold beside its C and assembly: its one linker script.</summary>
    public const string LinkerScriptPattern = "*.ld";

    public bool MakesFlatBinaries => Name == ToolchainLocator.ClangElfX64;

    private IReadOnlyList<string> Flags => MakesFlatBinaries ? GuestCompileFlags : CompileFlags;

    public string Fingerprint { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', Name, CompilerVersion, LinkerVersion, ConverterVersion ?? string.Empty,
            string.Join(' ', Name == ToolchainLocator.ClangElfX64 ? GuestCompileFlags : CompileFlags)))));

    /// <summary>
    /// The arguments that compile <paramref name="source"/> (C, or assembly through the preprocessor) to
    /// <paramref name="output"/>, writing its header list to <paramref name="depfile"/>.
    /// </summary>
    public IReadOnlyList<string> CompileArguments(string source, string output, string depfile, IReadOnlyList<string> extraFlags, string projectRoot) =>
    [
        .. Flags,
        .. extraFlags,
        $"-ffile-prefix-map={projectRoot}/=",
        "-MD", "-MF", depfile,
        "-c", source, "-o", output,
    ];

    public static IReadOnlyList<string> LinkArguments(ImageKind kind, IReadOnlyList<string> objects, string output) =>
    [
        "-entry:efi_main",
        kind == ImageKind.Application ? "-subsystem:efi_application" : "-subsystem:efi_boot_service_driver",
        "-nodefaultlib",
        "-Brepro",
        "-nologo",
        $"-out:{output}",
        .. objects,
    ];

    /// <summary>ld.lld's arguments for a guest: a static ELF laid out by the guest's linker script, without a build ID.</summary>
    public static IReadOnlyList<string> GuestLinkArguments(string linkerScript, IReadOnlyList<string> objects, string output) =>
    [
        "-T", linkerScript, "--no-pie", "-static", "-nostdlib", "--build-id=none", "-o", output, .. objects,
    ];

    /// <summary>llvm-objcopy's arguments that turn a linked guest into the flat binary the core loads.</summary>
    public static IReadOnlyList<string> ConvertArguments(string elf, string output) => ["-O", "binary", elf, output];
}
