using Flashsmith.Diagnostics;

namespace Flashsmith.Budget;

/// <summary>
/// Gathers the budgets of builds made apart (one CI job per target) into one set, as a single
/// <c>build --all</c> would have reported them. Each folder is an images folder (target subfolders
/// holding budget.json) or one target's folder.
/// </summary>
public static class BudgetMerge
{

    public static IReadOnlyList<BudgetReport> Read(IReadOnlyList<string> folders)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var reports = new List<BudgetReport>();
        var problems = new List<string>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                problems.Add($"{folder} is not a folder");
                continue;
            }

            var own = Path.Combine(folder, BudgetJson.FileName);
            var files = File.Exists(own)
                ? [own]
                : Directory.EnumerateDirectories(folder).Select(d => Path.Combine(d, BudgetJson.FileName)).Where(File.Exists).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                problems.Add($"{folder} holds no {BudgetJson.FileName}, neither its own nor in a target folder");
            }

            foreach (var file in files)
            {
                var report = BudgetJson.Read(File.ReadAllBytes(file), file);
                if (found.TryGetValue(report.Target, out var first))
                {
                    problems.Add($"the budget of '{report.Target}' is in both {first} and {file}");
                    continue;
                }

                found[report.Target] = file;
                reports.Add(report);
            }
        }

        if (problems.Count > 0)
        {
            throw new BadInputException(DiagnosticCodes.BudgetFile, problems);
        }

        return reports.OrderBy(r => r.Target, StringComparer.Ordinal).ToList();
    }
}
