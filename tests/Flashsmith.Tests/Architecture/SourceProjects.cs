using System.Collections.Immutable;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Flashsmith.Tests.Architecture;

/// <summary>
/// The C# projects under src/, each compiled from its own .cs files as the build compiles it (its project references,
/// implicit usings, InternalsVisibleTo), against the runtime and package assemblies this test runs with.
/// </summary>
public static class SourceProjects
{
    /// <summary>The usings that <c>ImplicitUsings</c> (on for every project, in Directory.Build.props) gives a Microsoft.NET.Sdk project.</summary>
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>
    /// Errors that stand for code a source generator adds in the real build, which this compilation does not run:
    /// a partial method or property whose body comes from <c>[GeneratedRegex]</c> and its kind.
    /// </summary>
    private static readonly string[] GeneratorFilledErrors = ["CS8795", "CS9248"];

    /// <summary>
    /// The language the projects are written in. Nullable analysis is skipped: it reports warnings only, and run on every
    /// member the semantic model is asked about it took most of the graph's time.
    /// </summary>
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures([new("run-nullable-analysis", "never")]);

    private static readonly Lazy<IReadOnlyList<CSharpCompilation>> Loaded = new(() => Load(RepositoryRoot()));

    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => !Path.GetFileName(path).StartsWith("Flashsmith", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    /// <summary>Every project under src/ with a .csproj, in an order where each comes after the projects it references.</summary>
    public static IReadOnlyList<CSharpCompilation> All => Loaded.Value;

    /// <summary>
    /// The assemblies of the runtime, ASP.NET Core and the NuGet packages, as the test host lists them
    /// (the test project references every src project, so every package they use is among them); our own are left out.
    /// </summary>
    public static ImmutableArray<MetadataReference> References => Framework.Value;

    /// <summary>The folder holding Build.sln, found upwards from this test assembly.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(typeof(SourceProjects).Assembly.Location)!);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Build.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException(
            $"no folder holding Build.sln above {typeof(SourceProjects).Assembly.Location}");
    }

    /// <summary>Source text parsed as the projects parse it, named by <paramref name="path"/>.</summary>
    public static SyntaxTree Parse(string text, string path) =>
        CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    /// <summary>A compilation with the projects' options and references.</summary>
    public static CSharpCompilation Compile(string assemblyName, IEnumerable<SyntaxTree> trees, IEnumerable<MetadataReference> projects, OutputKind kind = OutputKind.DynamicallyLinkedLibrary) =>
        CSharpCompilation.Create(
            assemblyName,
            trees,
            References.AddRange(projects),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));

    /// <summary>The errors of a compilation, less those a source generator would have prevented.</summary>
    public static IReadOnlyList<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && !GeneratorFilledErrors.Contains(d.Id))
            .ToList();

    private static IReadOnlyList<CSharpCompilation> Load(string root)
    {
        var projects = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => Project.Read(root, path))
            .ToDictionary(p => p.File, StringComparer.Ordinal);

        var compiled = new Dictionary<string, CSharpCompilation>(StringComparer.Ordinal);
        var order = new List<CSharpCompilation>();
        CSharpCompilation Build(Project project)
        {
            if (compiled.TryGetValue(project.File, out var done))
            {
                return done;
            }

            // MSBuild hands a project the projects its references reference too.
            var references = project.References
                .SelectMany(file => Closure(projects, file))
                .Distinct(StringComparer.Ordinal)
                .Select(file => Build(projects[file]).ToMetadataReference())
                .ToList();
            var trees = Directory.GetFiles(project.Folder, "*.cs", SearchOption.AllDirectories)
                .Where(file => !IsBuildOutput(project.Folder, file))
                .Order(StringComparer.Ordinal)
                .AsParallel()
                .AsOrdered()
                .Select(file => Parse(File.ReadAllText(file), Path.GetRelativePath(root, file).Replace('\\', '/')))
                .Append(Parse(project.GeneratedSource(), $"{project.Name}.g.cs"))
                .ToList();
            var compilation = Compile(project.Name, trees, references, project.Kind);
            compiled[project.File] = compilation;
            order.Add(compilation);
            return compilation;
        }

        foreach (var project in projects.Values)
        {
            Build(project);
        }

        return order;
    }

    private static IEnumerable<string> Closure(IReadOnlyDictionary<string, Project> projects, string file) =>
        projects[file].References.SelectMany(next => Closure(projects, next)).Prepend(file);

    /// <summary>Files under the project's bin/ or obj/, which the SDK's default items leave out.</summary>
    private static bool IsBuildOutput(string folder, string file)
    {
        var first = Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    /// <summary>What a .csproj says that changes how its source compiles.</summary>
    private sealed record Project(string File, string Name, OutputKind Kind, IReadOnlyList<string> References, IReadOnlyList<string> InternalsVisibleTo)
    {
        public string Folder => Path.GetDirectoryName(File)!;

        public static Project Read(string root, string file)
        {
            var project = XDocument.Load(file).Root!;
            string? Property(string name) => project.Descendants(name).Select(e => e.Value.Trim()).LastOrDefault();
            IEnumerable<string> Items(string name) => project.Descendants(name).Select(e => (string)e.Attribute("Include")!);

            var folder = Path.GetDirectoryName(file)!;
            return new Project(
                file,
                Property("AssemblyName") ?? Path.GetFileNameWithoutExtension(file),
                Property("OutputType") is "Exe" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                Items("ProjectReference").Select(path => Path.GetFullPath(Path.Combine(folder, path.Replace('\\', '/')))).ToList(),
                Items("InternalsVisibleTo").ToList());
        }

        /// <summary>What the SDK writes into obj/ for the compiler: the global usings and the InternalsVisibleTo attributes.</summary>
        public string GeneratedSource() =>
            string.Concat(ImplicitUsings.Select(ns => $"global using global::{ns};\n"))
            + string.Concat(InternalsVisibleTo.Select(name => $"[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"{name}\")]\n"));
    }
}
