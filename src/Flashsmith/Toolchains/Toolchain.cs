using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Toolchains;

/// <summary>
/// A toolchain preset: the compiler and linker, their versions, and the flags that make a
/// deterministic x86-64 UEFI image. <see cref="Fingerprint"/> goes into every cache key.
/// </summary>
public sealed record Toolchain(string Name, string Compiler, string Linker, string CompilerVersion, string LinkerVersion)
{
    public static readonly IReadOnlyList<string> CompileFlags =
    [
        "-target", "x86_64-unknown-windows", "-ffreestanding", "-fshort-wchar", "-mno-red-zone",
        "-fno-stack-protector", "-mno-stack-arg-probe", "-fno-ident", "-Wall", "-Wextra", "-O2",
    ];

    public string Fingerprint { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', Name, CompilerVersion, LinkerVersion, string.Join(' ', CompileFlags)))));

    /// <summary>The arguments that compile <paramref name="source"/> to <paramref name="output"/>, writing its header list to <paramref name="depfile"/>.</summary>
    public IReadOnlyList<string> CompileArguments(string source, string output, string depfile, IReadOnlyList<string> extraFlags, string projectRoot) =>
    [
        .. CompileFlags,
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
}
