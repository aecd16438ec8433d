using System.Text;

namespace Flashsmith.Diagnostics;

/// <summary>The code table as the Markdown page docs/diagnostics.md, written from <see cref="DiagnosticCodes"/>.</summary>
public static class DiagnosticsMarkdown
{
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("# Diagnostic codes\n\n");
        text.Append("Every error Flashsmith reports carries a stable code: `recipes/oem/x.yaml:3:5: error FS1005: unknown key 'dirvers'`.\n");
        text.Append("`flashsmith explain CODE` prints what a code means, an input that triggers it and how to fix it.\n");
        text.Append("This page is written from the code table in the tool (`flashsmith explain --all`); a test checks that the two agree.\n\n");
        text.Append("| area | codes |\n|---|---|\n");
        foreach (var area in Enum.GetValues<DiagnosticArea>())
        {
            text.Append($"| {AreaName(area)} | FS{(int)area}xxx |\n");
        }

        foreach (var group in DiagnosticCodes.All.GroupBy(c => c.Area))
        {
            text.Append($"\n## {Capitalised(AreaName(group.Key))}\n");
            foreach (var code in group)
            {
                text.Append($"\n### {code.Id}: {code.Title}\n\n{code.Meaning}\n\nExample:\n\n```\n{code.Example}\n```\n\nFix: {code.Fix}\n");
            }
        }

        return text.ToString();
    }

    public static string AreaName(DiagnosticArea area) => area switch
    {
        DiagnosticArea.CommandLine => "command line",
        DiagnosticArea.Recipe => "recipe",
        DiagnosticArea.Layout => "layout",
        DiagnosticArea.Package => "package",
        DiagnosticArea.Toolchain => "toolchain",
        DiagnosticArea.Signing => "signing and verification",
        DiagnosticArea.Disk => "disk images and output folders",
        DiagnosticArea.Device => "devices and provisioning",
        DiagnosticArea.Budget => "size budgets",
        DiagnosticArea.Release => "releases and reproduction",
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, null),
    };

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
