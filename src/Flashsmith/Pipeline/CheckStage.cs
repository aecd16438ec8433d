using Flashsmith.Budget;

namespace Flashsmith.Pipeline;

/// <summary>Measures the assembled image against the target's size budget; a line over its limit fails the build.</summary>
public static class CheckStage
{
    /// <exception cref="BudgetExceededException">A line is over its limit; the exception carries the whole report.</exception>
    public static CheckOutput Run(CheckInput input)
    {
        var report = BudgetChecker.Check(input.Plan, input.Assembly.Volumes);
        BudgetChecker.ThrowIfOver(report);
        return new CheckOutput(report);
    }
}
