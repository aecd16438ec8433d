using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Flashsmith.Tests.Architecture;

/// <summary>
/// Which namespace uses which other, read from the source through the compiler's semantic model: every name that
/// resolves to a type or member declared in one of the compilations read (with the type arguments it carries), and what
/// is used without a name: a constructor called by <c>new()</c>, an indexer, an operator, a conversion, a collection
/// expression's type, a foreach's enumerator. Constants, <c>nameof</c>, attribute arguments and default values count
/// too, though none of them leaves a trace in the compiled assembly. Using directives and documentation comments do not.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly SymbolDisplayFormat ShortName = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        memberOptions: SymbolDisplayMemberOptions.IncludeContainingType);

    private readonly SortedDictionary<string, SortedSet<string>> edges = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedSet<string>> projects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> witnesses = [];
    private readonly List<string> unresolved = [];

    private NamespaceGraph()
    {
    }

    /// <summary>For each namespace, the other namespaces of the compilations read that it uses.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Edges => edges;

    /// <summary>Names the compiler could not resolve (a missing reference or an error in the source), each a use the graph may lack.</summary>
    public IReadOnlyList<string> Unresolved => unresolved;

    /// <summary>For each namespace, the assemblies (projects) that declare a type in it.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Projects => projects;

    /// <summary>
    /// The graph of the namespaces declared in <paramref name="compilations"/>, each first mapped by
    /// <paramref name="group"/> (to count sub-namespaces as their parent's). Types in the global namespace are left out.
    /// </summary>
    public static NamespaceGraph Read(IEnumerable<Compilation> compilations, Func<string, string> group)
    {
        var all = compilations.ToList();
        var assemblies = all.Select(c => c.Assembly.Name).ToHashSet(StringComparer.Ordinal);
        var graph = new NamespaceGraph();
        foreach (var compilation in all)
        {
            foreach (var type in Types(compilation.Assembly.GlobalNamespace).Where(t => !t.ContainingNamespace.IsGlobalNamespace))
            {
                graph.Declare(group(type.ContainingNamespace.ToDisplayString()), compilation.Assembly.Name);
            }
        }

        // Each file on its own thread; the first use in path order is the one shown, so the witnesses are the same every run.
        var found = all
            .SelectMany(c => c.SyntaxTrees.Select(tree => (Compilation: c, Tree: tree)))
            .OrderBy(x => x.Tree.FilePath, StringComparer.Ordinal)
            .AsParallel()
            .AsOrdered()
            .Select(x => new FileReader(x.Compilation.GetSemanticModel(x.Tree), assemblies, group).Read())
            .ToList();
        foreach (var (uses, unresolved) in found)
        {
            foreach (var ((from, to), witness) in uses)
            {
                graph.Add(from, to, witness);
            }

            graph.unresolved.AddRange(unresolved);
        }

        return graph;
    }

    /// <summary>The use that made the edge from <paramref name="from"/> to <paramref name="to"/>: which member uses what, and where.</summary>
    public string Witness(string from, string to) => witnesses[(from, to)];

    /// <summary>Every cycle's namespaces, one strongly connected group (of two or more, or one using itself never counts) per entry.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var nodes = edges.Keys.Union(edges.Values.SelectMany(v => v)).Order(StringComparer.Ordinal).ToList();
        var reach = nodes.ToDictionary(n => n, Reachable, StringComparer.Ordinal);
        return nodes
            .Select(n => nodes.Where(m => m != n && reach[n].Contains(m) && reach[m].Contains(n)).Prepend(n).Order(StringComparer.Ordinal).ToList())
            .Where(group => group.Count > 1)
            .DistinctBy(group => string.Join(' ', group))
            .Select(group => (IReadOnlyList<string>)group)
            .ToList();
    }

    /// <summary>One path of uses from <paramref name="from"/> to <paramref name="to"/>, each step with the use that makes it, to show in a failure.</summary>
    public IReadOnlyList<string> Path(string from, string to)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal) { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var node))
        {
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        var path = new List<string> { to };
        while (path[^1] != from && previous.TryGetValue(path[^1], out var back))
        {
            path.Add(back);
        }

        path.Reverse();
        return path.Zip(path.Skip(1), (a, b) => $"{a} ({witnesses[(a, b)]})").Append(to).ToList();
    }

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceSymbol ns) =>
        ns.GetTypeMembers().Concat(ns.GetNamespaceMembers().SelectMany(Types));

    private HashSet<string> Reachable(string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var node))
        {
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    private void Declare(string ns, string assembly)
    {
        if (!projects.TryGetValue(ns, out var names))
        {
            projects[ns] = names = new SortedSet<string>(StringComparer.Ordinal);
        }

        names.Add(assembly);
    }

    private void Add(string from, string to, string witness)
    {
        if (!edges.TryGetValue(from, out var targets))
        {
            edges[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
        }

        if (targets.Add(to))
        {
            witnesses[(from, to)] = witness;
        }
    }

    /// <summary>The uses of other namespaces in one file, the first of each pair of namespaces kept with where it is.</summary>
    private sealed class FileReader(SemanticModel model, IReadOnlySet<string> assemblies, Func<string, string> group)
    {
        private readonly List<KeyValuePair<(string From, string To), string>> uses = [];
        private readonly List<string> unresolved = [];
        private readonly Dictionary<(string From, string To), (int Index, SyntaxNode Node)> seen = [];
        private readonly Dictionary<SyntaxNode, string?> namespaces = [];

        public (IReadOnlyList<KeyValuePair<(string From, string To), string>> Uses, IReadOnlyList<string> Unresolved) Read()
        {
            var root = model.SyntaxTree.GetRoot();
            foreach (var node in root.DescendantNodes(n => n is not UsingDirectiveSyntax))
            {
                switch (node)
                {
                    // Every name: types (var too), constants, fields, properties, methods, events, attributes, names in nameof.
                    case SimpleNameSyntax name:
                        // nameof is the one name that stands for no symbol.
                        if (!UseSymbolOf(node) && name.Identifier.ValueText != "nameof" && model.GetTypeInfo(name).Type is IErrorTypeSymbol)
                        {
                            unresolved.Add($"{name} at {Where(node)}");
                        }

                        break;

                    // What is used without being named: a constructor called by new(), an operator, an indexer.
                    case ImplicitObjectCreationExpressionSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
                        or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax or ElementAccessExpressionSyntax:
                        UseSymbolOf(node);
                        break;
                    case CollectionExpressionSyntax collection:
                        UseType(node, model.GetTypeInfo(collection).ConvertedType);
                        break;
                    case CommonForEachStatementSyntax loop:
                        var each = model.GetForEachStatementInfo(loop);
                        Use(node, each.GetEnumeratorMethod);
                        Use(node, each.MoveNextMethod);
                        Use(node, each.CurrentProperty);
                        break;
                }

                // A user-defined conversion, which no name shows either.
                if (node is ExpressionSyntax expression && model.GetConversion(expression).MethodSymbol is { } conversion)
                {
                    Use(node, conversion);
                }
            }

            return (uses, unresolved);
        }

        /// <summary>Uses the symbol a node stands for, or the candidates the compiler names for it; false when there are none.</summary>
        private bool UseSymbolOf(SyntaxNode node)
        {
            var info = model.GetSymbolInfo(node);
            if (info.Symbol is not null)
            {
                Use(node, info.Symbol);
                return true;
            }

            // A method group (in nameof) names its candidates, and so does a call the compiler could not settle.
            foreach (var candidate in info.CandidateSymbols)
            {
                Use(node, candidate);
            }

            return info.CandidateSymbols.Length > 0;
        }

        /// <summary>Records the namespaces that <paramref name="symbol"/> belongs to or names (its type arguments).</summary>
        private void Use(SyntaxNode node, ISymbol? symbol)
        {
            switch (symbol)
            {
                case IAliasSymbol alias:
                    Use(node, alias.Target);
                    break;
                case ITypeSymbol type:
                    Use(node, type, type);
                    break;
                case IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }:
                    break;
                case IMethodSymbol method:
                    var declared = method.ReducedFrom ?? method;
                    Use(node, declared.ContainingType, declared);
                    foreach (var argument in method.TypeArguments)
                    {
                        Use(node, argument, argument);
                    }

                    break;
                case IFieldSymbol or IPropertySymbol or IEventSymbol:
                    Use(node, symbol.ContainingType, symbol);
                    break;
            }
        }

        private void UseType(SyntaxNode node, ITypeSymbol? type)
        {
            if (type is not null)
            {
                Use(node, type, type);
            }
        }

        /// <summary>Records the namespace of <paramref name="type"/> (shown as <paramref name="shown"/>) and of the types it is made of.</summary>
        private void Use(SyntaxNode node, ITypeSymbol? type, ISymbol shown)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    Use(node, array.ElementType, array.ElementType);
                    break;
                case IPointerTypeSymbol pointer:
                    Use(node, pointer.PointedAtType, pointer.PointedAtType);
                    break;
                case INamedTypeSymbol named:
                    var outermost = named;
                    while (outermost.ContainingType is not null)
                    {
                        outermost = outermost.ContainingType;
                    }

                    if (outermost.ContainingAssembly is { } assembly && assemblies.Contains(assembly.Name) && !outermost.ContainingNamespace.IsGlobalNamespace)
                    {
                        Record(node, group(outermost.ContainingNamespace.ToDisplayString()), shown);
                    }

                    foreach (var argument in named.TypeArguments)
                    {
                        Use(node, argument, argument);
                    }

                    break;
            }
        }

        private void Record(SyntaxNode node, string to, ISymbol shown)
        {
            var declaration = node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault(IsType);
            if (declaration is null || NamespaceOf(declaration) is not { } from || from == to)
            {
                return;
            }

            var what = shown switch
            {
                IMethodSymbol { ReducedFrom: { } extension } => extension,
                IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType,
                _ => shown,
            };
            var witness = new KeyValuePair<(string From, string To), string>(
                (from, to), $"{User(node, declaration)} uses {what.OriginalDefinition.ToDisplayString(ShortName)}, {Where(node)}");
            if (!seen.TryGetValue((from, to), out var first))
            {
                seen[(from, to)] = (uses.Count, node);
                uses.Add(witness);
            }
            else if (Qualifies(node, first.Node))
            {
                // B.Limits.Max shows as a use of Limits.Max, not of Limits, its first name.
                seen[(from, to)] = (first.Index, node);
                uses[first.Index] = witness;
            }
        }

        /// <summary>Whether <paramref name="node"/> is the name after a dot whose left side holds <paramref name="earlier"/>.</summary>
        private static bool Qualifies(SyntaxNode node, SyntaxNode earlier) => node.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Name == node && access.Expression.Span.Contains(earlier.Span),
            QualifiedNameSyntax qualified => qualified.Right == node && qualified.Left.Span.Contains(earlier.Span),
            _ => false,
        };

        private string Where(SyntaxNode node) =>
            $"{model.SyntaxTree.FilePath}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";

        private static bool IsType(MemberDeclarationSyntax declaration) =>
            declaration is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax;

        /// <summary>The grouped namespace of the outermost type around a declaration, or null in the global namespace.</summary>
        private string? NamespaceOf(MemberDeclarationSyntax declaration)
        {
            var outermost = declaration.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().Last(IsType);
            if (!namespaces.TryGetValue(outermost, out var ns))
            {
                var container = model.GetDeclaredSymbol(outermost)!.ContainingNamespace;
                namespaces[outermost] = ns = container.IsGlobalNamespace ? null : group(container.ToDisplayString());
            }

            return ns;
        }

        /// <summary>The type, and the member when there is one, whose declaration holds the use: <c>Type.Member</c>.</summary>
        private string User(SyntaxNode node, MemberDeclarationSyntax type)
        {
            var typeName = model.GetDeclaredSymbol(type)!.ToDisplayString(ShortName);
            var member = node.AncestorsAndSelf()
                .TakeWhile(n => n != type)
                .OfType<MemberDeclarationSyntax>()
                .LastOrDefault();
            var name = member switch
            {
                BaseFieldDeclarationSyntax field => field.Declaration.Variables[0].Identifier.Text,
                ConstructorDeclarationSyntax => "ctor",
                null => null,
                _ => model.GetDeclaredSymbol(member)?.Name,
            };
            return name is null ? typeName : $"{typeName}.{name}";
        }
    }
}
