using Flashsmith.Diagnostics;
using Flashsmith.Recipes.Schema;
using Flashsmith.Recipes.Yaml;
using Flashsmith.Recipes;

namespace Flashsmith.Packages;

/// <summary>Reads every package.yaml under a depot folder, in path order, checking each like a recipe.</summary>
public static class DepotCatalog
{
    public static IReadOnlyList<DriverPackage> Load(string depot, ProjectFolder project)
    {
        var diagnostics = new DiagnosticBag();
        var packages = new List<DriverPackage>();
        var values = new ParsedValues();
        foreach (var file in Directory.EnumerateFiles(depot, RecipeSchema.PackageFileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var display = ProjectFolder.Display(file);
            var before = diagnostics.Count;
            var node = RecipeYamlReader.ReadFile(file, display, diagnostics);
            if (node is null)
            {
                continue;
            }

            RecipeShapeChecker.Check(node, RecipeSchema.Package, "a package descriptor must be a mapping of keys such as 'name' and 'version'", diagnostics, values);
            if (diagnostics.Count > before || node is not RecipeMapping map)
            {
                continue;
            }

            RecipeShapeChecker.CheckRequired(map, RecipeSchema.Package, diagnostics);
            if (diagnostics.Count > before)
            {
                continue;
            }

            var package = Build(map, file, project, values, diagnostics);
            if (diagnostics.Count == before)
            {
                packages.Add(package);
            }
        }

        diagnostics.ThrowIfAny();
        return packages;
    }

    private static DriverPackage Build(RecipeMapping map, string file, ProjectFolder project, ParsedValues values, DiagnosticBag diagnostics)
    {
        string Text(string key, string fallback = "") => map[key] is RecipeScalar { IsNull: false } s ? s.Value : fallback;
        IReadOnlyList<T> List<T>(string key) => map[key] is RecipeSequence list ? list.Items.OfType<RecipeScalar>().Select(values.Get<T>).ToList() : [];
        string? PathOf(string key, bool folder)
        {
            if (map[key] is not RecipeScalar { IsNull: false } scalar)
            {
                return null;
            }

            return project.Resolve(new Sourced<string>(scalar.Value, scalar.Position), Path.GetDirectoryName(file)!, key, folder, diagnostics);
        }

        var name = Text("name");
        var version = values.Get<ComponentVersion>((RecipeScalar)map["version"]!);
        var sources = PathOf("sources", folder: true);
        var module = PathOf("module", folder: false);
        var certificate = PathOf("certificate", folder: false);
        var sha = map["sha256"] is RecipeScalar { IsNull: false } hash ? values.Get<string>(hash) : null;
        if ((map["sources"] is null) == (map["module"] is null))
        {
            diagnostics.Add(DiagnosticCodes.PackageDescriptor, map.Position, $"package '{name}' needs exactly one of 'sources' and 'module'");
        }
        else if (map["module"] is not null && sha is null)
        {
            diagnostics.Add(DiagnosticCodes.PackageDescriptor, map.Position, $"package '{name}' names a module and needs its 'sha256'");
        }
        else if (map["certificate"] is { } named && map["module"] is null)
        {
            diagnostics.Add(DiagnosticCodes.PackageDescriptor, named.Position, $"package '{name}' names a 'certificate' but no prebuilt 'module' for it to check; remove it, or give the signed module");
        }

        var installs = List<string>("installs");
        return new DriverPackage(
            name,
            version,
            Text("vendor"),
            Text("summary"),
            new SectionReader(map, RecipeSchema.Package, string.Empty, map.Position, values).Value<AcceptanceLevel>("acceptance").Value,
            Text("group", "packages"),
            List<PciId>("pci"),
            List<PackageRequirement>("depends"),
            List<PackageRequirement>("conflicts"),
            List<string>("provides"),
            installs.Count == 0 ? [$"/{name}.efi"] : installs,
            sources,
            module,
            sha,
            ProjectFolder.Display(file),
            map.Position,
            certificate);
    }
}
