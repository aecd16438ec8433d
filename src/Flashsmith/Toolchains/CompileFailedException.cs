using Flashsmith.Diagnostics;

namespace Flashsmith.Toolchains;

/// <summary>A source did not compile or link: the compiler's own lines (with file and line) and a summary.</summary>
public sealed class CompileFailedException(IReadOnlyList<string> compilerLines, DiagnosticCode code, string summary)
    : FlashsmithException([new Diagnostic(code, summary)], summary)
{
    public override IReadOnlyList<string> Lines => [.. compilerLines, .. base.Lines];
}
