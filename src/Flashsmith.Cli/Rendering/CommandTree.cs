using System.CommandLine;
using System.CommandLine.Completions;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// What the manual and the shell completions read of the command tree, read the way --help reads it, so that the
/// three say the same: the visible verbs, their arguments and options, each option's names and value.
/// </summary>
public static class CommandTree
{
    /// <summary>The visible subcommands of <paramref name="command"/>, in the order they were added.</summary>
    public static IEnumerable<Command> Verbs(Command command) => command.Subcommands.Where(c => !c.Hidden);

    /// <summary>
    /// Every visible command under <paramref name="root"/>, depth first, each with its words after the root
    /// ("keys generate").
    /// </summary>
    public static IEnumerable<(string Path, Command Command)> Walk(Command root)
    {
        foreach (var verb in Verbs(root))
        {
            yield return (verb.Name, verb);
            foreach (var (path, command) in Walk(verb))
            {
                yield return ($"{verb.Name} {path}", command);
            }
        }
    }

    /// <summary>The visible options of <paramref name="command"/> itself, without those it inherits.</summary>
    public static IEnumerable<Option> Options(Command command) => command.Options.Where(o => !o.Hidden);

    /// <summary>
    /// The option's names as help lists them: the short ones first, then the long ones; the DOS-style forms help
    /// accepts (/?, /h) are left out, as help leaves them out.
    /// </summary>
    public static IReadOnlyList<string> Names(Option option) =>
        [.. option.Aliases.Append(option.Name).Where(n => n.StartsWith('-')).Distinct(StringComparer.Ordinal).OrderBy(n => n.StartsWith("--", StringComparison.Ordinal) ? 1 : 0).ThenBy(n => n, StringComparer.Ordinal)];

    /// <summary>The names a shell offers: a letter after one dash, or a word after two.</summary>
    public static IReadOnlyList<string> TypedNames(Option option) =>
        [.. Names(option).Where(n => n.StartsWith("--", StringComparison.Ordinal) || (n.Length == 2 && char.IsAsciiLetterOrDigit(n[1])))];

    /// <summary>Whether the option is a switch, given without a value.</summary>
    public static bool IsFlag(Option option) => option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0;

    /// <summary>The name of the option's value, as help shows it.</summary>
    public static string ValueName(Option option) =>
        option.HelpName ?? option.Name.TrimStart('-').ToUpperInvariant();

    /// <summary>What a value may be when the option accepts only some words; empty otherwise.</summary>
    public static IReadOnlyList<string> Choices(Option option) =>
        IsFlag(option) ? [] : [.. option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).Order(StringComparer.Ordinal)];

    /// <summary>What the shell offers for the option's value.</summary>
    public static ValueKind Value(Option option) =>
        IsFlag(option) ? ValueKind.None
        : Choices(option).Count > 0 ? ValueKind.Choice
        : option.ValueType == typeof(DirectoryInfo) || option.HelpName == "DIR" ? ValueKind.Directory
        : option.ValueType == typeof(FileInfo) || option.HelpName is "FILE" or "FILE.csv" or "IMAGE" or "DB" or "DEV" or "PREVIOUS" ? ValueKind.File
        : ValueKind.Word;

    /// <summary>An argument as the usage line writes it: [NAME] when it may be left out, NAME... when it may repeat.</summary>
    public static string Usage(Argument argument)
    {
        var name = argument.Name + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty);
        return argument.Arity.MinimumNumberOfValues == 0 ? $"[{name}]" : name;
    }

    /// <summary>What a shell completes an option's value with.</summary>
    public enum ValueKind
    {
        None,
        Choice,
        Directory,
        File,
        Word,
    }
}
