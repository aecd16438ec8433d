using Flashsmith.Diagnostics;
using System.CommandLine;
using System.Reflection;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Flashsmith.Cli.Commands;

namespace Flashsmith.Cli;

/// <summary>The <c>flashsmith</c> command line: its verbs, and argument errors as exit code 2.</summary>
public static class FlashsmithCli
{
    /// <summary>Every verb, by name, and how to make its command.</summary>
    private static readonly (string Name, Func<CliEnvironment, Command> Create)[] Verbs =
    [
        ("init", InitCommand.Create),
        ("build", BuildCommand.Create),
        ("targets", TargetsCommand.Create),
        ("validate", ValidateCommand.Create),
        ("plan", PlanCommand.Create),
        ("schema", SchemaCommand.Create),
        ("inspect", InspectCommand.Create),
        ("extract", ExtractCommand.Create),
        ("keys", KeysCommand.Create),
        ("verify", VerifyCommand.Create),
        ("budget", BudgetCommand.Create),
        ("devices", DevicesCommand.Create),
        ("provision", ProvisionCommand.Create),
        ("log", LogCommand.Create),
        ("cache", CacheCommand.Create),
        ("reproduce", ReproduceCommand.Create),
        ("station", StationCommand.Create),
        ("update", UpdateCommand.Create),
        ("banks", BanksCommand.Create),
        ("boot", BootCommand.Create),
        ("pcr", PcrCommand.Create),
        ("explain", ExplainCommand.Create),
        ("completion", CompletionCommand.Create),
        ("man", ManCommand.Create),
        ("package-release", PackageReleaseCommand.Create),
    ];

    /// <summary>
    /// The root command, named "flashsmith" whatever the launcher is called: with only the verb <paramref name="verb"/>
    /// when it names one (all that parsing that verb's arguments needs), else with every verb; with the help option
    /// when <paramref name="help"/> is set.
    /// </summary>
    public static Command CreateRoot(CliEnvironment environment, string? verb = null, bool help = true)
    {
        var version = new Option<bool>("--version") { Description = "Show version information" };
        var root = new Command("flashsmith", "Flashsmith builds signed flash images of an embedded hypervisor from YAML recipes.")
        {
            version,
            CommonOptions.Project(),
        };
        if (help)
        {
            root.Add(new HelpOption());
        }

        root.SetAction(result =>
        {
            if (result.GetValue(version))
            {
                environment.Output.Profile.Out.Writer.WriteLine(Version);
                return ExitCodes.Success;
            }

            environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.Usage, "no command given"));
            environment.Error.WriteLine("run 'flashsmith --help' for usage");
            return ExitCodes.BadInput;
        });
        var named = Verbs.Where(v => v.Name == verb).ToList();
        foreach (var (_, create) in named.Count > 0 ? named : [.. Verbs])
        {
            root.Add(create(environment));
        }

        return root;
    }

    /// <summary>The tool's version, as the build stamped it.</summary>
    public static string Version => VersionText.Value;

    // Read when asked: attribute reflection is slow enough in a native build to show in every short run.
    private static readonly Lazy<string> VersionText = new(() =>
        typeof(FlashsmithCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");

    public static int Run(string[] args, CliEnvironment environment)
    {
        // Help is made only when it may be asked for: its localized texts take a noticeable part of a short run.
        var help = args.Length == 0 || args.Any(a => a is "-h" or "--help" or "-?" or "/?" or "/h" || a.StartsWith('@'));
        var root = CreateRoot(environment, args.Length > 0 ? args[0] : null, help);
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is ParseErrorAction)
        {
            foreach (var error in result.Errors)
            {
                environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.Usage, error.Message));
            }

            // A mistyped verb gets the verb it is closest to, as a mistyped recipe key does.
            if (result.CommandResult.Command == root && args.Length > 0 && !args[0].StartsWith('-')
                && Recipes.Schema.Suggestions.Closest(args[0], Verbs.Select(v => v.Name)) is { } suggestion)
            {
                environment.Error.WriteLine($"'{args[0]}' is not a verb; did you mean '{suggestion}'?");
            }

            var verb = result.CommandResult.Command == root ? string.Empty : " " + result.CommandResult.Command.Name;
            environment.Error.WriteLine($"run 'flashsmith{verb} --help' for usage");
            return ExitCodes.BadInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = new ConsoleTextWriter(environment),
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        return CommandGuard.Run(environment, () => result.InvokeAsync(configuration).GetAwaiter().GetResult());
    }
}
