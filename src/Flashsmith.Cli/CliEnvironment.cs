using Flashsmith.Cli.StationPage;
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
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var redirected = Console.IsOutputRedirected;

        // Output to a pipe or file has neither colour nor a person to interact with: nothing to detect.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = noColor || redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (redirected)
        {
            // A pipe or file has no width; wrapping tables at 80 columns would only hurt.
            console.Profile.Width = 160;
        }

        return new CliEnvironment(console, Console.Error, Environment.GetEnvironmentVariable)
        {
            InputIsTerminal = !Console.IsInputRedirected,
            ReadLine = Console.ReadLine,
            StationPage = stationPage ?? StationHandOff.Start,
        };
    }

    /// <summary>A console that writes plain text to <paramref name="output"/>, as when output is redirected.</summary>
    public static CliEnvironment ForText(TextWriter output, TextWriter error, Func<string, string?>? variables = null, StationPageHost? stationPage = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        return new CliEnvironment(console, error, variables ?? (_ => null)) { StationPage = stationPage };
    }
}
