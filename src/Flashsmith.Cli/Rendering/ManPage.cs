using System.CommandLine;
using System.Text;
using Flashsmith.Recipes;
using Flashsmith.Recipes.Schema;
using Flashsmith.Signing;
using Flashsmith.Toolchains;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// The manual pages, in roff: flashsmith(1) from the command tree that --help reads, a section per verb, and
/// flashsmith-recipe(5) from the recipe schema that validation reads; neither can say what the tool does not.
/// </summary>
public static class ManPage
{
    public const string ToolPage = "flashsmith.1";

    public const string RecipePage = "flashsmith-recipe.5";

    /// <summary>flashsmith(1): every visible verb of <paramref name="root"/> with its arguments and options.</summary>
    public static string Tool(Command root, string version)
    {
        var page = new StringBuilder();
        Header(page, "FLASHSMITH", 1, version);
        page.Append(".SH NAME\nflashsmith \\- ").Append(Text(root.Description!)).Append('\n');
        page.Append(".SH SYNOPSIS\n.B flashsmith\n[\\fIOPTIONS\\fR] \\fIVERB\\fR [\\fIARGUMENTS\\fR]\n");
        page.Append(".SH DESCRIPTION\n").Append(Text(root.Description!)).Append('\n');
        page.Append(".PP\nA verb works in a project: the folder that holds \\fB").Append(ProjectFolder.RecipesFolder)
            .Append("/\\fR, found from the current folder upwards, as git finds \\fB.git\\fR, or named with \\fB\\-\\-project\\fR. ")
            .Append("Its recipes, images, build cache and keys live there, never beside the tool. ")
            .Append("\\fBflashsmith init\\fR writes a new project.\n");
        page.Append(".PP\nVerbs:\n");
        foreach (var verb in CommandTree.Verbs(root))
        {
            page.Append(".TP\n.B ").Append(Text(verb.Name)).Append('\n').Append(Text(verb.Description ?? string.Empty)).Append('\n');
        }

        page.Append(".SH OPTIONS\nThese options go before or after the verb.\n");
        Options(page, CommandTree.Options(root));
        page.Append(".SH VERBS\n");
        foreach (var (path, command) in CommandTree.Walk(root))
        {
            if (CommandTree.Verbs(command).Any() && !command.Options.Any(o => !o.Hidden) && command.Arguments.Count == 0)
            {
                // A verb that only groups others (keys, cache) is described by them.
                page.Append(".SS \"flashsmith ").Append(Text(path)).Append("\"\n").Append(Text(command.Description ?? string.Empty)).Append('\n');
                continue;
            }

            var usage = string.Join(' ', command.Arguments.Where(a => !a.Hidden).Select(CommandTree.Usage).Prepend("flashsmith " + path));
            page.Append(".SS \"").Append(Text(usage)).Append(CommandTree.Options(command).Any() ? " [OPTIONS]" : string.Empty).Append("\"\n");
            page.Append(Text(command.Description ?? string.Empty)).Append('\n');
            foreach (var argument in command.Arguments.Where(a => !a.Hidden))
            {
                page.Append(".TP\n.I ").Append(Text(argument.Name)).Append('\n').Append(Text(argument.Description ?? string.Empty)).Append('\n');
            }

            Options(page, CommandTree.Options(command));
        }

        page.Append(".SH EXIT STATUS\n");
        foreach (var (code, meaning) in ExitCodes.All)
        {
            page.Append(".TP\n.B ").Append(code).Append('\n').Append(Text(meaning)).Append('\n');
        }

        page.Append(".SH ENVIRONMENT\n");
        foreach (var (name, meaning) in Variables)
        {
            page.Append(".TP\n.B ").Append(Text(name)).Append('\n').Append(Text(meaning)).Append('\n');
        }

        page.Append(".SH FILES\n");
        foreach (var (path, meaning) in Files)
        {
            page.Append(".TP\n.I ").Append(Text(path)).Append('\n').Append(Text(meaning)).Append('\n');
        }

        page.Append(".SH SEE ALSO\n.BR flashsmith\\-recipe (5),\n.BR bmaptool (1),\n.BR sbverify (1),\n.BR qemu\\-system\\-x86_64 (1)\n");
        return page.ToString();
    }

    /// <summary>flashsmith-recipe(5): every key of a recipe and of a depot's package file, from the schema.</summary>
    public static string Recipe(string version)
    {
        var page = new StringBuilder();
        Header(page, "FLASHSMITH\\-RECIPE", 5, version);
        page.Append(".SH NAME\nflashsmith\\-recipe \\- the YAML recipes of Flashsmith flash images\n");
        page.Append(".SH SYNOPSIS\n\\fB").Append(ProjectFolder.RecipesFolder).Append('/').Append(Projects.SampleProject.BaseRecipe)
            .Append("\\fR, \\fB").Append(ProjectFolder.RecipesFolder).Append('/').Append(RecipeCatalog.TargetsFolder).Append("/\\fITARGET\\fB.yaml\\fR\n");
        page.Append(".SH DESCRIPTION\nA recipe describes a product: its hypervisor core, driver modules, guests and files, the flash layout, ")
            .Append("the signing key and the size budgets. Each file under \\fB").Append(ProjectFolder.RecipesFolder).Append('/').Append(RecipeCatalog.TargetsFolder)
            .Append("/\\fR is an OEM target; it names its base with \\fBextends\\fR, and its keys are merged over the base's. ")
            .Append("Paths are relative to the file that names them and must stay inside the project folder. ")
            .Append("Sizes take the units B, KiB, MiB and GiB. ")
            .Append("\\fBflashsmith validate\\fR checks recipes, \\fBflashsmith schema\\fR prints their JSON Schema.\n");
        page.Append(".SH KEYS\nEach key is given by its path: \\fIa.b\\fR is key \\fIb\\fR of section \\fIa\\fR, \\fIa[].b\\fR key \\fIb\\fR of each item of the list \\fIa\\fR.\n");
        Keys(page, RecipeSchema.Root, string.Empty);
        page.Append(".SH DRIVER PACKAGES\nA \\fBdepot\\fR folder holds driver packages, each a \\fB").Append(RecipeSchema.PackageFileName)
            .Append("\\fR beside its module or sources, with these keys:\n");
        Keys(page, RecipeSchema.Package, string.Empty);
        page.Append(".SH EXAMPLE\n.nf\n");
        foreach (var line in Example)
        {
            page.Append(Line(line)).Append('\n');
        }

        page.Append(".fi\n.SH SEE ALSO\n.BR flashsmith (1)\n");
        return page.ToString();
    }

    private static void Header(StringBuilder page, string title, int section, string version) =>
        page.Append(".\\\" Written by flashsmith from its own ").Append(section == 1 ? "command tree" : "recipe schema").Append(": change those, not this page.\n")
            .Append(".TH ").Append(title).Append(' ').Append(section).Append(" \"\" \"flashsmith ").Append(Text(version)).Append("\" \"Flashsmith\"\n")
            // Not hyphenated, and ragged right: option names and paths stay whole, and read as --help prints them.
            .Append(".nh\n.ad l\n");

    private static void Options(StringBuilder page, IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            var names = string.Join(", ", CommandTree.Names(option).Select(n => $"\\fB{Text(n)}\\fR"));
            var value = CommandTree.IsFlag(option) ? string.Empty : $" \\fI{Text(CommandTree.ValueName(option))}\\fR";
            page.Append(".TP\n").Append(names).Append(value).Append('\n').Append(Text(option.Description ?? string.Empty)).Append('\n');
        }
    }

    private static void Keys(StringBuilder page, KeySpec section, string prefix)
    {
        foreach (var key in section.Keys)
        {
            var path = prefix + key.Name;
            var facts = new List<string> { Kind(key) };
            if (key.Required)
            {
                facts.Add("required");
            }

            page.Append(".TP\n.B ").Append(Text(path)).Append("\n(").Append(Text(string.Join(", ", facts))).Append(")\n").Append(Text(key.Summary)).Append(".\n");
            if (key.Choices.Words.Count > 0)
            {
                page.Append("One of: ").Append(Text(string.Join(", ", key.Choices.Words))).Append(".\n");
            }

            if (key.Default is { } given)
            {
                page.Append("Default: ").Append(Text(given)).Append(".\n");
            }

            if (key.Example is { } example)
            {
                page.Append("Example: \\fB").Append(Text(example)).Append("\\fR\n");
            }

            switch (key.Kind)
            {
                case ValueKind.Section:
                    Keys(page, key, path + ".");
                    break;
                case ValueKind.SectionList:
                    Keys(page, key, path + "[].");
                    break;
                case ValueKind.DriverSet:
                    Keys(page, RecipeSchema.Driver, path + "[].");
                    Keys(page, new KeySpec(key.Name, ValueKind.Section, key.Summary) { Keys = [.. key.Keys.Where(k => k.Kind != ValueKind.SectionList)] }, path + ".");
                    foreach (var edit in key.Keys.Where(k => k.Kind == ValueKind.SectionList))
                    {
                        page.Append(".TP\n.B ").Append(Text(path + "." + edit.Name)).Append("\n(list of drivers)\n").Append(Text(edit.Summary)).Append(", each with the keys of \\fB").Append(Text(path)).Append("[]\\fR.\n");
                    }

                    break;
            }
        }
    }

    private static string Kind(KeySpec key) => key.Kind switch
    {
        ValueKind.Section => "section",
        ValueKind.SectionList => "list of sections",
        ValueKind.DriverSet => "list of drivers, or in a target add, remove and replace",
        ValueKind.List => "list of " + Word(key.ItemKind),
        ValueKind.NameMap => "mapping of names to " + Word(key.ItemKind),
        _ => Word(key.Kind),
    };

    private static string Word(ValueKind kind) => kind switch
    {
        ValueKind.SizeOrRest => "size or rest",
        ValueKind.PciId => "PCI vendor:device ID",
        ValueKind.Sha256 => "SHA-256",
        ValueKind.KeyReference => "key",
        ValueKind.PartitionType => "partition type",
        ValueKind.PartitionPath => "path in a partition",
        ValueKind.CommandLine => "command line",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The environment variables the tool reads, each named by its home.</summary>
    private static readonly (string Name, string Meaning)[] Variables =
    [
        (ToolEnvironment.SourceDateEpoch, "The build time written into images, in seconds since 1970; overrides a recipe's product.epoch."),
        (MachineConfig.CacheRemote.Variable, $"Sets {MachineConfig.CacheRemote.Description}; overrides {MachineConfig.CacheRemote.Key} in ~/.config/flashsmith/config.yaml."),
        (KeyLoader.PassphraseVariable, "The passphrase of an encrypted signing key."),
        (KeyLoader.PassphraseFileVariable, "A file that holds the passphrase of an encrypted signing key."),
        (Pkcs11SigningKey.ModuleVariable, "The PKCS#11 module that a pkcs11: key without module-path= is loaded from."),
        (Pkcs11SigningKey.PinVariable, "The PIN of a PKCS#11 token."),
        (Reproducibility.SourceRevision.CommitVariable, "The git commit recorded in provenance, for a copy of a checkout that has no .git."),
        ("NO_COLOR", "When set, output has no colour."),
    ];

    private static readonly (string Path, string Meaning)[] Files =
    [
        (ProjectFolder.RecipesFolder + "/", "The project's recipes: the base product, and one OEM target per file in " + ProjectFolder.RecipesFolder + "/" + RecipeCatalog.TargetsFolder + "/; see flashsmith-recipe(5)."),
        (ProjectFolder.ImagesFolder + "/", "What builds write: one folder per target with its image, seal, block map, manifest, budgets, SBOMs and provenance."),
        (ProjectState.FolderName + "/cache/", "The project's build cache of compiled objects."),
        (ProjectState.FolderName + "/keys/dev/", "The project's development key and certificate, made by the first build that needs them or by keys generate."),
        ("~/.config/flashsmith/config.yaml", "Settings of this machine, such as the shared cache."),
        ("/usr/" + Projects.SampleProject.InstalledFolder + "/", "The sample project that flashsmith init copies."),
    ];

    private static readonly string[] Example =
    [
        "# recipes/oem/acme-r1.yaml",
        "extends: ../thinvisor.yaml",
        "product:",
        "  banner: Thinvisor for ACME R1",
        "drivers:",
        "  remove: [ipmi-kcs]",
        "layout:",
        "  partitions:",
        "    - {name: unit, size: 2MiB}",
        "budget:",
        "  partitions:",
        "    bootbank: 3MiB",
    ];

    /// <summary>Text for the body of a paragraph: roff's escape character and a line that would read as a request made plain.</summary>
    private static string Text(string text)
    {
        var escaped = text.Replace("\\", "\\e", StringComparison.Ordinal).Replace("-", "\\-", StringComparison.Ordinal);
        return string.Join('\n', escaped.Split('\n').Select(Line));
    }

    private static string Line(string line) =>
        line.StartsWith('.') || line.StartsWith('\'') ? "\\&" + line : line;
}
