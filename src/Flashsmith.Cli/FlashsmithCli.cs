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
    /// <summary>The root command, named "flashsmith" whatever the launcher is called.</summary>
    public static Command CreateRoot(CliEnvironment environment)
    {
        var version = new Option<bool>("--version") { Description = "Show version information" };
        var root = new Command("flashsmith", "Flashsmith builds signed flash images of an embedded hypervisor from YAML recipes.")
        {
            new HelpOption(),
            version,
        };
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
        root.Add(BuildCommand.Create(environment));
        root.Add(TargetsCommand.Create(environment));
        root.Add(ValidateCommand.Create(environment));
        root.Add(PlanCommand.Create(environment));
        root.Add(SchemaCommand.Create(environment));
        root.Add(InspectCommand.Create(environment));
        root.Add(ExtractCommand.Create(environment));
        root.Add(KeysCommand.Create(environment));
        root.Add(VerifyCommand.Create(environment));
        root.Add(BudgetCommand.Create(environment));
        root.Add(DevicesCommand.Create(environment));
        root.Add(ProvisionCommand.Create(environment));
        root.Add(LogCommand.Create(environment));
        root.Add(CacheCommand.Create(environment));
        root.Add(ReproduceCommand.Create(environment));
        root.Add(StationCommand.Create(environment));
        root.Add(UpdateCommand.Create(environment));
        root.Add(BanksCommand.Create(environment));
        root.Add(BootCommand.Create(environment));
        root.Add(ExplainCommand.Create(environment));
        return root;
    }

    /// <summary>The tool's version, as the build stamped it.</summary>
    public static string Version { get; } =
        typeof(FlashsmithCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static int Run(string[] args, CliEnvironment environment)
    {
        var root = CreateRoot(environment);
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is ParseErrorAction)
        {
            foreach (var error in result.Errors)
            {
                environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.Usage, error.Message));
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
