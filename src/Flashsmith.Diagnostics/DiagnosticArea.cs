namespace Flashsmith.Diagnostics;

/// <summary>The areas of diagnostic codes: the digit after <c>FS</c>.</summary>
public enum DiagnosticArea
{
    CommandLine = 0,
    Recipe = 1,
    Layout = 2,
    Package = 3,
    Toolchain = 4,
    Signing = 5,
    Disk = 6,
    Device = 7,
    Budget = 8,
    Release = 9,
}
