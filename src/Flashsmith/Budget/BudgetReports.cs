namespace Flashsmith.Budget;

/// <summary>Writes a build's budget.md and budget.html beside the target folders, each replaced whole.</summary>
public static class BudgetReports
{
    public const string Markdown = "budget.md";
    public const string Html = "budget.html";

    public static async Task WriteAsync(string outputRoot, IReadOnlyList<BudgetReport> reports, CancellationToken cancellation)
    {
        try
        {
            Directory.CreateDirectory(outputRoot);
            var ordered = reports.OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
            await ReplaceAsync(Path.Combine(outputRoot, Markdown), BudgetMarkdown.Write(ordered), cancellation).ConfigureAwait(false);
            await ReplaceAsync(Path.Combine(outputRoot, Html), BudgetHtml.Write(ordered), cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (Diagnostics.FileSystemErrors.IsFileSystemFailure(ex))
        {
            throw Diagnostics.FileSystemErrors.Describe(ex, outputRoot, "writing the budget reports failed");
        }
    }

    private static async Task ReplaceAsync(string path, string text, CancellationToken cancellation)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            await File.WriteAllTextAsync(temp, text, cancellation).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
