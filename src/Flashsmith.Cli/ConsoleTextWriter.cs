using System.Text;

namespace Flashsmith.Cli;

/// <summary>Lets System.CommandLine's help and version text go to the same console as everything else.</summary>
internal sealed class ConsoleTextWriter(CliEnvironment environment) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => environment.Output.Profile.Out.Writer.Write(value);

    public override void Write(string? value) => environment.Output.Profile.Out.Writer.Write(value);

    public override void WriteLine(string? value) => environment.Output.Profile.Out.Writer.WriteLine(value);
}
