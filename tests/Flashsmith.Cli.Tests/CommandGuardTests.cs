using Flashsmith.Diagnostics;

namespace Flashsmith.Cli.Tests;

public sealed class CommandGuardTests
{
    [Fact]
    public void Bad_input_prints_its_lines_and_exits_2()
    {
        var (code, error) = Run(() => throw new BadInputException([new Diagnostic(DiagnosticCodes.UnknownKey, new SourcePosition("r.yaml", 3, 4), "broken")]));

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("r.yaml:3:4: error FS1005: broken\n", error);
    }

    [Fact]
    public void Interruption_exits_130()
    {
        var (code, error) = Run(() => throw new OperationCanceledException());

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("interrupted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_exception_is_a_bug_report_and_exits_1()
    {
        var (code, error) = Run(() => throw new InvalidOperationException("boom"));

        Assert.Equal(ExitCodes.UnexpectedFailure, code);
        Assert.StartsWith("internal error: boom\nthis is a bug in flashsmith; please report", error, StringComparison.Ordinal);
    }

    private static (int Code, string Error) Run(Func<int> action)
    {
        var error = new StringWriter();
        var code = CommandGuard.Run(CliEnvironment.ForText(new StringWriter(), error), action);
        return (code, error.ToString());
    }
}
