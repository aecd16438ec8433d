using System.Text;
using Flashsmith.Cli.StationPage;
using Flashsmith.Recipes;
using Spectre.Console;

namespace Flashsmith.Cli;

/// <summary>Where a command writes and what it may read of its surroundings; tests supply their own.</summary>
public sealed class CliEnvironment(IAnsiConsole output, TextWriter error, Func<string, string?> variables)
{
    public IAnsiConsole Output { get; } = output;

    public TextWriter Error { get; } = error;

    public string? Variable(string name) => variables(name);

    /// <summary>Whether standard input is a terminal a person can answer a question on.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>Reads one answer from standard input; null at its end.</summary>
    public Func<string?> ReadLine { get; init; } = () => null;

    /// <summary>Serves the station page; null where there is none to serve it.</summary>
    public StationPageHost? StationPage { get; init; }

    /// <summary>
    /// The real console: colour and progress only on a terminal, none when NO_COLOR is set. The station page is
    /// served by <paramref name="stationPage"/>, or else by handing the station over to the companion program.
    /// </summary>
    public static CliEnvironment FromProcess(StationPageHost? stationPage = null)
    {
        IAnsiConsole console;
        if (Console.IsOutputRedirected)
        {
            // A pipe or file gets plain UTF-8 text, whatever the terminal, locale or CI service around it: there is
            // nothing to detect, and no character set to look up for text that is only written.
            Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            console = TextConsole(Console.Out);
        }
        else
        {
            console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                ColorSystem = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        }

        return new CliEnvironment(console, Console.Error, Environment.GetEnvironmentVariable)
        {
            InputIsTerminal = !Console.IsInputRedirected,
            ReadLine = Console.ReadLine,
            StationPage = stationPage ?? StationHandOff.Start,
        };
    }

    /// <summary>A console that writes plain text to <paramref name="output"/>, as when output is redirected.</summary>
    public static CliEnvironment ForText(TextWriter output, TextWriter error, Func<string, string?>? variables = null, StationPageHost? stationPage = null) =>
        new(TextConsole(output), error, variables ?? (_ => null)) { StationPage = stationPage };

    private static IAnsiConsole TextConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
            EnvironmentVariables = NoVariables,
        });

        // Text has no window: wrapping tables at 80 columns would only hurt, and no terminal is asked its height.
        console.Profile.Width = 160;
        console.Profile.Height = 24;
        return console;
    }

    private static readonly Dictionary<string, string> NoVariables = [];
}
