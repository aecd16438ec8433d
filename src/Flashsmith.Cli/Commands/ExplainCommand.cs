using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith explain CODE</c>: what a diagnostic code means, an input that triggers it, and how to fix it.</summary>
public static class ExplainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var code = new Argument<string?>("CODE") { Description = "A code from an error line, such as FS1005", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Print every code, as the Markdown page docs/diagnostics.md" };
        var json = CommonOptions.Json();
        var command = new Command("explain", "Explain a diagnostic code: what it means, an example, and how to fix it") { code, all, json };
        command.SetAction(result =>
        {
            var writer = environment.Output.Profile.Out.Writer;
            if (result.GetValue(all))
            {
                writer.Write(DiagnosticsMarkdown.Render());
                return ExitCodes.Success;
            }

            var id = result.GetValue(code) ?? throw new BadInputException(DiagnosticCodes.Usage, "give a CODE, such as FS1005, or --all");
            var found = DiagnosticCodes.Find(id)
                ?? throw new BadInputException(DiagnosticCodes.UnknownCode, $"'{id}' is not a flashsmith diagnostic code; codes look like FS1005 (flashsmith explain --all lists them)");
            writer.Write(result.GetValue(json) ? ExplainJson.Render(found) : Text(found));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Text(DiagnosticCode code) =>
        $"{code.Id}: {code.Title} ({DiagnosticsMarkdown.AreaName(code.Area)})\n\n"
        + $"What it means:\n{Indent(code.Meaning)}\n\nExample:\n{Indent(code.Example)}\n\nHow to fix it:\n{Indent(code.Fix)}\n";

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => "  " + l));
}
