using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes.Yaml;
using Flashsmith.Signing;

namespace Flashsmith.Recipes;

/// <summary>
/// Turns a merged, shape-checked recipe into the typed <see cref="Recipe"/> and checks what
/// spans keys: duplicate names, sources versus prebuilt, acceptance levels, budget names, paths.
/// </summary>
internal sealed class RecipeModelBuilder(ProjectFolder project, IReadOnlyDictionary<string, string> directories, ParsedValues values, DiagnosticBag diagnostics)
{
    public Recipe Build(RecipeMapping merged, string file, string targetName, IReadOnlyList<string> chain)
    {
        var root = new SectionReader(merged, RecipeSchema.Root, string.Empty, merged.Position, values);
        var minAcceptance = root.Value<AcceptanceLevel>("min_acceptance");
        var product = BuildProduct(root.Section("product"));
        var core = BuildCore(root.Section("core"));
        var drivers = (root.Items("drivers", RecipeSchema.Driver) ?? []).Select(d => BuildDriver(d, minAcceptance)).ToList();
        ReportDuplicates(drivers.Select(d => d.Name), "driver");
        var guests = (root.Items("guests", RecipeSchema.Guest) ?? []).Select(BuildGuest).ToList();
        ReportDuplicates(guests.Select(g => g.Name), "guest");
        var files = (root.Items("files", RecipeSchema.File) ?? []).Select(BuildFile).ToList();
        ReportDuplicates(files.Select(f => f.Name), "file");
        var boot = root.Section("boot");
        var bootSpec = new BootSpec(boot.Value<System.Text.RegularExpressions.Regex>("ready"), boot.Value<System.Text.RegularExpressions.Regex>("halt"));
        var layout = BuildLayout(root.Section("layout"));
        var signing = BuildSigning(root.Section("signing"));
        var packages = root.List<PackageRequirement>("packages");

        // Depot packages bring their own groups and names: those budget names are checked once they are resolved.
        var budget = BuildBudget(root.Section("budget"), layout, packages.Count == 0 ? drivers : null, guests, files);
        var depot = root.Scalar("depot") is null ? null : ResolvePath(root, "depot", expectDirectory: true);
        if (packages.Count > 0 && root.Scalar("depot") is null)
        {
            diagnostics.Add(DiagnosticCodes.PackagesWithoutDepot, packages[0].Position, "'packages' are taken from a depot: name its folder with 'depot'");
        }

        return new Recipe(file, project.Root, targetName, chain, product, core, drivers, guests, files, bootSpec, layout, signing, budget, minAcceptance, depot, packages);
    }

    private ProductSpec BuildProduct(SectionReader section)
    {
        var name = section.Text("name");
        var version = section.Value<ComponentVersion>("version");
        var epoch = section.Value<long>("epoch");
        var banner = section.Text("banner", $"{name.Value} {version.Value}");
        return new ProductSpec(name, version, epoch, banner);
    }

    private CoreSpec BuildCore(SectionReader section)
    {
        var hasSources = section.Scalar("sources") is not null;
        var hasPrebuilt = section.Scalar("prebuilt") is not null;
        var sources = hasSources ? ResolvePath(section, "sources", expectDirectory: true) : null;
        var prebuilt = hasPrebuilt ? ResolvePath(section, "prebuilt", expectDirectory: false) : null;
        var sha256 = section.OptionalValue<string>("sha256");
        if (hasSources && hasPrebuilt)
        {
            diagnostics.Add(DiagnosticCodes.CoreSource, section.Scalar("prebuilt")!.Position, "the core has both 'sources' and 'prebuilt'; give one");
        }
        else if (!hasSources && !hasPrebuilt)
        {
            diagnostics.Add(DiagnosticCodes.CoreSource, section.Position, "the core needs 'sources' (a folder of C sources) or 'prebuilt' (an EFI application with its 'sha256')");
        }
        else if (hasPrebuilt && sha256 is null)
        {
            diagnostics.Add(DiagnosticCodes.CoreSource, section.Scalar("prebuilt")!.Position, "the core is prebuilt and needs its 'sha256'");
        }
        else if (hasSources && sha256 is { } unused)
        {
            diagnostics.Add(DiagnosticCodes.CoreSource, unused.Position, "the core is compiled from sources; 'sha256' applies only to a 'prebuilt' core");
        }

        Sourced<string> loader;
        if (section.Optional("loader") is not null)
        {
            loader = ResolvePath(section, "loader", expectDirectory: true) ?? new Sourced<string>(string.Empty, section.Position);
        }
        else if (sources is { } folder)
        {
            loader = folder with { Value = Path.Combine(Path.GetDirectoryName(folder.Value.TrimEnd('/'))!, "loader") };
        }
        else
        {
            if (hasPrebuilt)
            {
                diagnostics.Add(DiagnosticCodes.CoreSource, section.Position, "a prebuilt core is started by the loader: name the loader's sources with 'loader' (such as src/firmware/loader)");
            }

            loader = new Sourced<string>(string.Empty, section.Position);
        }

        // A prebuilt core keeps its own file name unless the recipe gives one: a foreign core may look for files named after itself.
        var output = section.Optional("output") ?? (prebuilt is { } file ? file with { Value = Path.GetFileName(file.Value) } : section.Text("output"));
        if (FatNames.Problem(output.Value) is { } why)
        {
            diagnostics.Add(DiagnosticCodes.BadValue, output.Position, $"'{section.Path}output' is not a file name: '{output.Value}' {why}");
        }

        return new CoreSpec(sources, prebuilt, sha256, Purl(section), section.OptionalValue<string>("options") ?? new Sourced<string>(string.Empty, section.Position), section.Text("toolchain"), section.List<string>("flags"), output, loader, BuildCompileInputs(section));
    }

    private FileSpec BuildFile(SectionReader section)
    {
        var name = section.Text("name");
        var given = new[] { "from", "text", "initramfs" }.Where(k => section.Scalar(k) is not null).ToList();
        var sha256 = section.OptionalValue<string>("sha256");
        var additions = section.Items("add", RecipeSchema.InitramfsAddition) ?? [];
        if (given.Count != 1)
        {
            diagnostics.Add(DiagnosticCodes.FileSource, section.Position, given.Count == 0
                ? $"file '{name.Value}' needs one source: 'from' (a file with its 'sha256'), 'text' (its contents) or 'initramfs' (a folder to pack)"
                : $"file '{name.Value}' has {string.Join(" and ", given.Select(k => $"'{k}'"))}; give exactly one source");
        }
        else if (given[0] == "from" && sha256 is null)
        {
            diagnostics.Add(DiagnosticCodes.FileSource, section.Scalar("from")!.Position, $"file '{name.Value}' is taken from a file and needs its 'sha256'");
        }

        if (sha256 is { } unused && !given.Contains("from"))
        {
            diagnostics.Add(DiagnosticCodes.FileSource, unused.Position, $"file '{name.Value}' has no 'from'; 'sha256' pins only a file taken as it is");
        }

        if (additions.Count > 0 && !given.Contains("initramfs"))
        {
            diagnostics.Add(DiagnosticCodes.FileSource, additions[0].Position, $"file '{name.Value}' is not an initramfs; 'add' puts files into an initramfs only");
        }

        var purl = Purl(section);
        return new FileSpec(
            section.Position,
            name,
            section.Value<ComponentVersion>("version"),
            section.Text("group"),
            section.Value<string>("to"),
            section.Optional("partition"),
            section.Scalar("from") is null ? null : ResolvePath(section, "from", expectDirectory: false),
            sha256,
            section.Optional("text"),
            section.Scalar("initramfs") is null ? null : ResolvePath(section, "initramfs", expectDirectory: true),
            additions.Select(BuildAddition).ToList(),
            purl);
    }

    /// <summary>One <c>add</c> entry of an initramfs; a SHA-256 pins a file, so one given for a folder is refused.</summary>
    private InitramfsAdditionSpec BuildAddition(SectionReader section)
    {
        var from = ResolvePath(section, "from", expectDirectory: null) ?? new Sourced<string>(string.Empty, section.Position);
        var sha256 = section.OptionalValue<string>("sha256");
        if (sha256 is { } pin && Directory.Exists(from.Value))
        {
            diagnostics.Add(DiagnosticCodes.FileSource, pin.Position, $"'{section.Path}sha256' pins a file, but '{section.Path}from' names a folder; leave it out, or add the folder's files one by one");
        }

        return new InitramfsAdditionSpec(section.Position, from, section.Value<string>("to"), sha256);
    }

    private DriverSpec BuildDriver(SectionReader section, Sourced<AcceptanceLevel> minAcceptance)
    {
        var name = section.Text("name");
        var acceptance = section.Value<AcceptanceLevel>("acceptance");
        if (acceptance.Value < minAcceptance.Value)
        {
            diagnostics.Add(DiagnosticCodes.BelowAcceptance, acceptance.Position, $"driver '{name.Value}' is '{Lower(acceptance.Value)}', below the target's minimum acceptance level '{Lower(minAcceptance.Value)}' (set at {minAcceptance.Position})");
        }

        var sources = section.Scalar("sources") is null ? null : ResolvePath(section, "sources", expectDirectory: true);
        var prebuilt = section.Scalar("prebuilt") is null ? null : ResolvePath(section, "prebuilt", expectDirectory: false);
        var sha256 = section.OptionalValue<string>("sha256");
        var hasSources = section.Scalar("sources") is not null;
        var hasPrebuilt = section.Scalar("prebuilt") is not null;
        if (hasSources && hasPrebuilt)
        {
            diagnostics.Add(DiagnosticCodes.DriverSource, section.Position, $"driver '{name.Value}' has both 'sources' and 'prebuilt'; give one");
        }
        else if (!hasSources && !hasPrebuilt)
        {
            diagnostics.Add(DiagnosticCodes.DriverSource, section.Position, $"driver '{name.Value}' needs 'sources' (a folder of C sources) or 'prebuilt' (a module file with its 'sha256')");
        }
        else if (hasPrebuilt && sha256 is null)
        {
            diagnostics.Add(DiagnosticCodes.DriverSource, section.Position, $"driver '{name.Value}' is prebuilt and needs the module's 'sha256'");
        }
        else if (hasSources && sha256 is { } unused)
        {
            diagnostics.Add(DiagnosticCodes.DriverSource, unused.Position, $"driver '{name.Value}' is compiled from sources; 'sha256' applies only to 'prebuilt' modules");
        }

        return new DriverSpec(
            section.Position,
            name,
            section.Value<ComponentVersion>("version"),
            section.Text("vendor"),
            section.Text("summary"),
            acceptance,
            section.Text("group"),
            section.List<PciId>("pci"),
            section.List<PackageRequirement>("depends"),
            section.List<PackageRequirement>("conflicts"),
            sources,
            prebuilt,
            sha256,
            BuildCompileInputs(section));
    }

    private GuestSpec BuildGuest(SectionReader section)
    {
        var name = section.Text("name");
        var memory = section.Value<ByteSize>("memory");
        if (memory.Value.Bytes % GuestSpec.MemoryGranule.Bytes != 0 || memory.Value < GuestSpec.MinMemory || memory.Value > GuestSpec.MaxMemory)
        {
            diagnostics.Add(DiagnosticCodes.GuestMemory, memory.Position, $"guest '{name.Value}' has {memory.Value} of memory; give a multiple of {GuestSpec.MemoryGranule.ToIecString()} from {GuestSpec.MinMemory.ToIecString()} to {GuestSpec.MaxMemory.ToIecString()}");
        }

        return new GuestSpec(
            section.Position,
            name,
            section.Value<ComponentVersion>("version"),
            ResolvePath(section, "sources", expectDirectory: true) ?? new Sourced<string>(string.Empty, section.Position),
            memory,
            section.Text("group"),
            section.Text("toolchain"),
            section.List<string>("flags"),
            BuildCompileInputs(section));
    }

    /// <summary>A component's include folders, resolved beside the file that names them, and its defines.</summary>
    private CompileInputs BuildCompileInputs(SectionReader section)
    {
        var include = new List<Sourced<string>>();
        foreach (var folder in section.List<string>("include"))
        {
            var directory = directories.TryGetValue(folder.Position.File, out var found) ? found : project.Root;
            if (project.Resolve(folder, directory, section.Path + "include", expectDirectory: true, diagnostics) is { } full)
            {
                include.Add(folder with { Value = full });
            }
        }

        var defines = section.List<Toolchains.CompileDefine>("defines");
        return include.Count == 0 && defines.Count == 0 ? CompileInputs.None : new CompileInputs(include, defines);
    }

    /// <summary>A section's package URL, checked for its form: pkg:TYPE/…</summary>
    private Sourced<string>? Purl(SectionReader section)
    {
        var purl = section.Optional("purl");
        if (purl is { } given && !System.Text.RegularExpressions.Regex.IsMatch(given.Value, "^pkg:[A-Za-z][A-Za-z0-9.+-]*/[^ ]+$"))
        {
            diagnostics.Add(DiagnosticCodes.BadValue, given.Position, $"'{section.Path}purl' is not a package URL: '{given.Value}'; write pkg:TYPE/NAMESPACE/NAME@VERSION, such as pkg:deb/debian/busybox-static@1.35.0?arch=amd64");
        }

        return purl;
    }

    private LayoutSpec BuildLayout(SectionReader section)
    {
        var items = section.Items("partitions", RecipeSchema.Partition);
        var partitions = items is null
            ? DefaultLayout.Partitions(section.Position)
            : items.Select(BuildPartition).ToList();
        ReportDuplicates(partitions.Select(p => p.Name), "partition");
        return new LayoutSpec(
            section.Value<ByteSize>("flash"),
            section.Value<PartitionTableKind>("table"),
            section.Value<ByteSize>("alignment"),
            partitions);
    }

    private static PartitionSpec BuildPartition(SectionReader section)
    {
        var name = section.Text("name");
        return new PartitionSpec(
            section.Position,
            name,
            section.Value<PartitionType>("type"),
            section.Value<ByteSize?>("size"),
            section.OptionalValue<ByteSize>("offset"),
            section.Value<FileSystemKind>("filesystem"),
            section.OptionalValue<string>("label") ?? new Sourced<string>(DefaultLayout.LabelFor(name.Value), section.Position),
            section.Value<PartitionContents>("contents"));
    }

    private SigningSpec BuildSigning(SectionReader section)
    {
        var key = section.Text("key");
        var reference = KeyReference.Parse(key.Value, _ => ResolvePath(section, "key", expectDirectory: false)?.Value ?? key.Value);

        var certificate = section.Scalar("certificate") is null ? null : ResolvePath(section, "certificate", expectDirectory: false);
        return new SigningSpec(new Sourced<KeyReference>(reference, key.Position), certificate);
    }

    private BudgetSpec BuildBudget(SectionReader section, LayoutSpec layout, IReadOnlyList<DriverSpec>? drivers, IReadOnlyList<GuestSpec> guests, IReadOnlyList<FileSpec> files)
    {
        var partitions = section.NameMap<ByteSize>("partitions");
        var groups = section.NameMap<ByteSize>("groups");
        var components = section.NameMap<ByteSize>("components");
        ReportUnknownNames(partitions, layout.Partitions.Select(p => p.Name.Value), "budget.partitions", "partition", diagnostics);
        if (drivers is not null)
        {
            ReportUnknownNames(groups, drivers.Select(d => d.Group.Value).Concat(guests.Select(g => g.Group.Value)).Concat(files.Select(f => f.Group.Value)).Append("core"), "budget.groups", "group", diagnostics);
            ReportUnknownNames(components, drivers.Select(d => d.Name.Value).Concat(guests.Select(g => g.Name.Value)).Concat(files.Select(f => f.Name.Value)).Append("core"), "budget.components", "component", diagnostics);
        }
        return new BudgetSpec(
            section.Value<int>("warn"),
            section.OptionalValue<ByteSize>("image"),
            partitions,
            groups,
            components,
            section.OptionalValue<int>("growth"));
    }

    private Sourced<string>? ResolvePath(SectionReader section, string key, bool? expectDirectory)
    {
        var value = section.Text(key);
        var directory = directories.TryGetValue(value.Position.File, out var found) ? found : project.Root;
        var full = project.Resolve(value, directory, section.Path + key, expectDirectory, diagnostics);
        return full is null ? null : value with { Value = full };
    }

    private void ReportDuplicates(IEnumerable<Sourced<string>> names, string what)
    {
        var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.TryAdd(name.Value, name.Position))
            {
                diagnostics.Add(DiagnosticCodes.DuplicateName, name.Position, $"duplicate {what} name '{name.Value}' (first at {seen[name.Value]})");
            }
        }
    }

    public static void ReportUnknownNames<T>(IReadOnlyDictionary<string, Sourced<T>> map, IEnumerable<string> known, string path, string what, DiagnosticBag diagnostics)
    {
        var names = known.Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (name, value) in map)
        {
            if (!names.Contains(name))
            {
                var suggestion = Suggestions.Closest(name, names);
                var hint = suggestion is null ? $"the recipe has: {string.Join(", ", names)}" : $"did you mean '{suggestion}'?";
                diagnostics.Add(DiagnosticCodes.UnknownName, value.Position, $"'{path}' names {what} '{name}', which the recipe does not have ({hint})");
            }
        }
    }

    private static string Lower(AcceptanceLevel level) => ChoiceSet.Word(level);
}
