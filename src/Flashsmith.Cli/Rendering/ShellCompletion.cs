using System.CommandLine;
using System.Text;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// Completion scripts for bash, zsh and fish, written from the command tree: each verb's subverbs and options, and
/// what each option's value is (a folder, a file, one of some words, or a word of one's own). Each script finds the
/// verb already typed by walking the words before the cursor, skipping option values, as the parser does.
/// </summary>
public static class ShellCompletion
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish"];

    public static string Script(string shell, Command root)
    {
        var commands = Commands(root);
        return shell switch
        {
            "bash" => Bash(commands),
            "zsh" => Zsh(commands),
            "fish" => Fish(commands),
            _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "not a shell with a completion script"),
        };
    }

    /// <summary>One command as the scripts see it: its words from the root ("flashsmith keys"), subverbs and options.</summary>
    private sealed record Node(string Path, IReadOnlyList<Command> Verbs, IReadOnlyList<Option> Options, bool TakesArguments);

    private static List<Node> Commands(Command root)
    {
        // Options given on the root and inherited by every verb, such as --project.
        var inherited = CommandTree.Options(root).Where(o => o.Recursive).ToList();
        var nodes = new List<Node> { Make("flashsmith", root, []) };
        nodes.AddRange(CommandTree.Walk(root).Select(c => Make("flashsmith " + c.Path, c.Command, inherited)));
        return nodes;
    }

    private static Node Make(string path, Command command, IReadOnlyList<Option> inherited) =>
        new(path, [.. CommandTree.Verbs(command)], [.. CommandTree.Options(command).Concat(inherited.Where(o => !command.Options.Contains(o)))], command.Arguments.Any(a => !a.Hidden));

    private static IEnumerable<(string Name, Option Option)> Named(Node node) =>
        node.Options.SelectMany(o => CommandTree.TypedNames(o).Select(n => (n, o)));

    /// <summary>The patterns "path/name" of the options of every command whose value is of <paramref name="kind"/>.</summary>
    private static List<string> Patterns(IEnumerable<Node> nodes, Func<Option, bool> which) =>
        [.. nodes.SelectMany(n => Named(n).Where(x => which(x.Option)).Select(x => $"{n.Path}/{x.Name}"))];

    private static bool Takes(Option option) => CommandTree.Value(option) != CommandTree.ValueKind.None;

    private static string Bash(List<Node> nodes)
    {
        var script = new StringBuilder();
        script.Append("# bash completion for flashsmith, written by 'flashsmith completion bash' from its command tree.\n");
        script.Append("_flashsmith()\n{\n");
        script.Append("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n");
        script.Append("    local cmd=flashsmith word i\n");
        script.Append("    for ((i = 1; i < COMP_CWORD; i++)); do\n        word=${COMP_WORDS[i]}\n        case \"$cmd/$word\" in\n");
        AppendCase(script, "            ", Patterns(nodes, Takes), "((i++))", quote: Quote);
        foreach (var node in nodes)
        {
            foreach (var verb in node.Verbs)
            {
                AppendCase(script, "            ", [$"{node.Path}/{verb.Name}"], $"cmd={Quote(node.Path + " " + verb.Name)}", quote: Quote);
            }
        }

        script.Append("        esac\n    done\n");
        script.Append("    case \"$cmd/$prev\" in\n");
        foreach (var node in nodes)
        {
            foreach (var (name, option) in Named(node).Where(x => CommandTree.Value(x.Option) == CommandTree.ValueKind.Choice))
            {
                AppendCase(script, "        ", [$"{node.Path}/{name}"], $"COMPREPLY=($(compgen -W {Quote(string.Join(' ', CommandTree.Choices(option)))} -- \"$cur\")); return", quote: Quote);
            }
        }

        AppendCase(script, "        ", Patterns(nodes, o => CommandTree.Value(o) == CommandTree.ValueKind.Directory), "COMPREPLY=($(compgen -d -- \"$cur\")); return", quote: Quote);
        AppendCase(script, "        ", Patterns(nodes, o => CommandTree.Value(o) == CommandTree.ValueKind.File), "COMPREPLY=($(compgen -f -- \"$cur\")); return", quote: Quote);
        AppendCase(script, "        ", Patterns(nodes, o => CommandTree.Value(o) == CommandTree.ValueKind.Word), "COMPREPLY=(); return", quote: Quote);
        script.Append("    esac\n    local words= files=\n    case \"$cmd\" in\n");
        foreach (var node in nodes)
        {
            var words = node.Verbs.Select(v => v.Name).Concat(Named(node).Select(x => x.Name));
            AppendCase(script, "        ", [node.Path], $"words={Quote(string.Join(' ', words))}" + (node.TakesArguments ? "; files=1" : string.Empty), quote: Quote);
        }

        script.Append("    esac\n");
        script.Append("    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n");
        script.Append("    if [[ -n $files && $cur != -* ]]; then\n        COMPREPLY+=($(compgen -f -- \"$cur\"))\n    fi\n}\n");
        script.Append("complete -o filenames -F _flashsmith flashsmith\n");
        return script.ToString();
    }

    private static string Zsh(List<Node> nodes)
    {
        var script = new StringBuilder();
        script.Append("#compdef flashsmith\n# zsh completion for flashsmith, written by 'flashsmith completion zsh' from its command tree.\n");
        script.Append("_flashsmith() {\n");
        script.Append("  local cmd=flashsmith word i\n");
        script.Append("  for ((i = 2; i < CURRENT; i++)); do\n    word=${words[i]}\n    case \"$cmd/$word\" in\n");
        AppendCase(script, "      ", Patterns(nodes, Takes), "((i++))", zsh: true, quote: Quote);
        foreach (var node in nodes)
        {
            foreach (var verb in node.Verbs)
            {
                AppendCase(script, "      ", [$"{node.Path}/{verb.Name}"], $"cmd={Quote(node.Path + " " + verb.Name)}", zsh: true, quote: Quote);
            }
        }

        script.Append("    esac\n  done\n");
        script.Append("  case \"$cmd/${words[CURRENT-1]}\" in\n");
        foreach (var node in nodes)
        {
            foreach (var (name, option) in Named(node).Where(x => CommandTree.Value(x.Option) == CommandTree.ValueKind.Choice))
            {
                AppendCase(script, "    ", [$"{node.Path}/{name}"], $"compadd -- {string.Join(' ', CommandTree.Choices(option).Select(Quote))}; return", zsh: true, quote: Quote);
            }
        }

        AppendCase(script, "    ", Patterns(nodes, o => CommandTree.Value(o) == CommandTree.ValueKind.Directory), "_files -/; return", zsh: true, quote: Quote);
        AppendCase(script, "    ", Patterns(nodes, o => CommandTree.Value(o) == CommandTree.ValueKind.File), "_files; return", zsh: true, quote: Quote);
        AppendCase(script, "    ", Patterns(nodes, o => CommandTree.Value(o) == CommandTree.ValueKind.Word), "return", zsh: true, quote: Quote);
        script.Append("  esac\n  local -a verbs options\n  local files=\n  case \"$cmd\" in\n");
        foreach (var node in nodes)
        {
            var verbs = node.Verbs.Select(v => Quote($"{v.Name}:{OneLine(v.Description)}"));
            var options = Named(node).Select(x => Quote($"{x.Name.Replace(":", "\\:", StringComparison.Ordinal)}:{OneLine(x.Option.Description)}"));
            AppendCase(script, "    ", [node.Path], $"verbs=({string.Join(' ', verbs)}); options=({string.Join(' ', options)})" + (node.TakesArguments ? "; files=1" : string.Empty), zsh: true, quote: Quote);
        }

        script.Append("  esac\n");
        script.Append("  if [[ $PREFIX == -* ]]; then\n    _describe -t options option options\n  else\n");
        script.Append("    (( ${#verbs} )) && _describe -t commands verb verbs\n    [[ -n $files ]] && _files\n  fi\n}\n");
        script.Append("if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n  _flashsmith \"$@\"\nelse\n  compdef _flashsmith flashsmith\nfi\n");
        return script.ToString();
    }

    private static string Fish(List<Node> nodes)
    {
        var script = new StringBuilder();
        script.Append("# fish completion for flashsmith, written by 'flashsmith completion fish' from its command tree.\n");
        script.Append("function __flashsmith_command\n    set -l cmd flashsmith\n    set -l skip 0\n");
        script.Append("    for word in (commandline -opc)[2..-1]\n        if test $skip = 1\n            set skip 0\n            continue\n        end\n");
        script.Append("        switch \"$cmd/$word\"\n");
        var values = Patterns(nodes, Takes);
        if (values.Count > 0)
        {
            script.Append("            case ").Append(string.Join(' ', values.Select(Quote))).Append("\n                set skip 1\n");
        }

        foreach (var node in nodes)
        {
            foreach (var verb in node.Verbs)
            {
                script.Append("            case ").Append(Quote($"{node.Path}/{verb.Name}")).Append("\n                set cmd ").Append(Quote(node.Path + " " + verb.Name)).Append('\n');
            }
        }

        script.Append("        end\n    end\n    echo $cmd\nend\n");
        script.Append("complete -c flashsmith -f\n");
        foreach (var node in nodes)
        {
            var at = $"-n {Quote($"test (__flashsmith_command) = {Quote(node.Path)}")}";
            foreach (var verb in node.Verbs)
            {
                script.Append($"complete -c flashsmith {at} -a {Quote(verb.Name)} -d {Quote(OneLine(verb.Description))}\n");
            }

            foreach (var option in node.Options)
            {
                var names = string.Concat(CommandTree.TypedNames(option).Select(n =>
                    n.StartsWith("--", StringComparison.Ordinal) ? $" -l {Quote(n[2..])}" : $" -s {n[1]}"));
                var value = CommandTree.Value(option) switch
                {
                    CommandTree.ValueKind.Choice => $" -x -a {Quote(string.Join(' ', CommandTree.Choices(option)))}",
                    CommandTree.ValueKind.Directory => " -x -a '(__fish_complete_directories)'",
                    CommandTree.ValueKind.File => " -r -F",
                    CommandTree.ValueKind.Word => " -x",
                    _ => string.Empty,
                };
                if (names.Length > 0)
                {
                    script.Append($"complete -c flashsmith {at}{names}{value} -d {Quote(OneLine(option.Description))}\n");
                }
            }

            if (node.TakesArguments)
            {
                script.Append($"complete -c flashsmith {at} -F\n");
            }
        }

        return script.ToString();
    }

    /// <summary>A case branch of bash or zsh for the <paramref name="patterns"/>, when there are any.</summary>
    private static void AppendCase(StringBuilder script, string indent, IReadOnlyList<string> patterns, string action, Func<string, string> quote, bool zsh = false)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        var joined = string.Join('|', patterns.Select(quote));
        script.Append(indent).Append(zsh ? $"({joined})" : $"{joined})").Append(' ').Append(action).Append(" ;;\n");
    }

    /// <summary>A word in single quotes, which all three shells take literally.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string OneLine(string? text) => (text ?? string.Empty).ReplaceLineEndings(" ");
}
