using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Flashsmith.Tests.Architecture;

/// <summary>
/// Which namespace of a compiled assembly uses which other, read from its metadata: base types,
/// interfaces, member signatures and every type, method and field token in the method bodies.
/// </summary>
public sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly MetadataReader reader;
    private readonly PEReader pe;
    private readonly SortedDictionary<string, SortedSet<string>> edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> witnesses = [];
    private readonly Func<string, string> group;
    private string visiting = string.Empty;

    private NamespaceGraph(PEReader pe, Func<string, string> group)
    {
        this.pe = pe;
        this.group = group;
        reader = pe.GetMetadataReader();
    }

    /// <summary>For each namespace, the other namespaces of the same assembly that it uses.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Edges => edges;

    /// <summary>The graph of an assembly's namespaces, each first mapped by <paramref name="group"/> (to count sub-namespaces as their parent's).</summary>
    public static NamespaceGraph Read(string assemblyPath, Func<string, string> group)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var graph = new NamespaceGraph(pe, group);
        foreach (var handle in graph.reader.TypeDefinitions)
        {
            graph.Visit(handle);
        }

        return graph;
    }

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

    /// <summary>One path of uses from <paramref name="from"/> to <paramref name="to"/>, to show in a failure.</summary>
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

    private void Visit(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var from = NamespaceOf(handle);
        visiting = reader.GetString(type.Name);
        if (from.Length == 0)
        {
            return;
        }

        var provider = new UsedTypes(this);
        UseEntity(from, type.BaseType, provider);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            UseEntity(from, reader.GetInterfaceImplementation(implementation).Interface, provider);
        }

        foreach (var field in type.GetFields())
        {
            reader.GetFieldDefinition(field).DecodeSignature(provider, null);
        }

        foreach (var property in type.GetProperties())
        {
            reader.GetPropertyDefinition(property).DecodeSignature(provider, null);
        }

        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            method.DecodeSignature(provider, null);
            if (method.RelativeVirtualAddress != 0)
            {
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
                }

                foreach (var token in Tokens(body.GetILBytes()!))
                {
                    UseEntity(from, MetadataTokens.EntityHandle(token), provider);
                }
            }
        }

        foreach (var used in provider.Namespaces)
        {
            Add(from, used);
        }
    }

    private void UseEntity(string from, EntityHandle handle, UsedTypes provider)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                Add(from, NamespaceOf((TypeDefinitionHandle)handle));
                break;
            case HandleKind.TypeSpecification:
                reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
                break;
            case HandleKind.MethodDefinition:
                Add(from, NamespaceOf(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                break;
            case HandleKind.FieldDefinition:
                Add(from, NamespaceOf(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                UseEntity(from, member.Parent, provider);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }

                break;
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                UseEntity(from, specification.Method, provider);
                specification.DecodeSignature(provider, null);
                break;
        }
    }

    private void Add(string from, string to)
    {
        if (to.Length == 0 || to == from)
        {
            return;
        }

        if (!edges.TryGetValue(from, out var targets))
        {
            edges[from] = targets = new SortedSet<string>(StringComparer.Ordinal);
        }

        if (targets.Add(to))
        {
            witnesses[(from, to)] = visiting;
        }
    }

    /// <summary>The namespace of a type, or of the outermost type that a nested (compiler-made) type sits in.</summary>
    private string NamespaceOf(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        var name = reader.GetString(type.Namespace);
        return name.Length == 0 ? name : group(name);
    }

    /// <summary>The metadata tokens in a method body's instructions.</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    yield return BitConverter.ToInt32(il, at);
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    at += 8;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }

    /// <summary>Decodes signatures, noting the namespace of every type of this assembly that they name.</summary>
    private sealed class UsedTypes(NamespaceGraph graph) : ISignatureTypeProvider<int, object?>
    {
        public HashSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Namespaces.Add(graph.NamespaceOf(handle));
            return 0;
        }

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;
    }
}
