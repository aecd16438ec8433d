using System.Text;
using Flashsmith.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Flashsmith.Recipes.Yaml;

/// <summary>
/// Reads one recipe file into <see cref="RecipeNode"/>s. Hostile input is bounded: the file
/// size, the nesting depth and the number of values after alias expansion all have limits,
/// so that neither time nor memory can run away.
/// </summary>
public static class RecipeYamlReader
{
    public const long MaxFileBytes = 1024 * 1024;
    public const int MaxDepth = 64;
    public const long MaxValues = 100_000;

    /// <summary>Reads <paramref name="path"/>; <paramref name="displayPath"/> is how messages name it.</summary>
    public static RecipeNode? ReadFile(string path, string displayPath, DiagnosticBag diagnostics)
    {
        var start = SourcePosition.StartOf(displayPath);
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (IOException ex)
        {
            diagnostics.Add(DiagnosticCodes.RecipeUnreadable, start, $"cannot read the file: {ex.Message}");
            return null;
        }

        if (length > MaxFileBytes)
        {
            diagnostics.Add(DiagnosticCodes.RecipeUnreadable, start, $"file is {length} bytes; a recipe may be at most 1 MiB ({MaxFileBytes} bytes)");
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(DiagnosticCodes.RecipeUnreadable, start, "file is not UTF-8 text");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCodes.RecipeUnreadable, start, $"cannot read the file: {ex.Message}");
            return null;
        }

        return Read(text, displayPath, diagnostics);
    }

    /// <summary>Reads recipe text; returns null and reports why when it holds no usable document.</summary>
    public static RecipeNode? Read(string text, string displayPath, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            diagnostics.Add(DiagnosticCodes.RecipeEmpty, SourcePosition.StartOf(displayPath), "file is empty; a recipe needs at least a 'product' section or 'extends'");
            return null;
        }

        try
        {
            return new Builder(displayPath).Build(new GuardedParser(new Parser(new StringReader(text))), diagnostics);
        }
        catch (YamlException ex)
        {
            diagnostics.Add(DiagnosticCodes.YamlSyntax, At(displayPath, ex.Start), $"YAML syntax error: {CleanMessage(ex.Message)}");
            return null;
        }
    }

    /// <summary>
    /// The parser, with the scanner's own failures on some broken input turned into the syntax error they are, placed
    /// after the last event that was read: an unclosed flow mapping, and values that the scanner hands to .NET, which
    /// refuses them (a global tag that is no URI, an escape such as \U0000D800 that names no Unicode character).
    /// </summary>
    private sealed class GuardedParser(IParser inner) : IParser
    {
        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            try
            {
                return inner.MoveNext();
            }
            catch (InvalidOperationException ex)
            {
                throw After("the YAML ends or breaks off before this value is closed", ex);
            }
            catch (ArgumentException ex)
            {
                var refusal = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
                throw After($"a tag or escape that cannot be read: {refusal}", ex);
            }
        }

        private YamlException After(string message, Exception cause)
        {
            var at = inner.Current?.End ?? Mark.Empty;
            return new YamlException(at, at, message, cause);
        }
    }

    private static SourcePosition At(string file, Mark mark) =>
        new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes its own "(Line: 3, Col: 5, Idx: 20) - (…): " span; our position says it already.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith("(Line", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
        return text.TrimEnd('.').Trim();
    }

    private sealed class Builder(string file)
    {
        private readonly Dictionary<string, RecipeNode> anchors = new(StringComparer.Ordinal);
        private long values;

        public RecipeNode? Build(IParser parser, DiagnosticBag diagnostics)
        {
            RecipeNode? document = null;
            var documents = 0;
            var stack = new Stack<Frame>();
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart start when !start.IsImplicit || documents > 0:
                        documents++;
                        if (documents > 1)
                        {
                            diagnostics.Add(DiagnosticCodes.YamlSyntax, At(file, start.Start), "a recipe holds one YAML document; remove the second '---'");
                            return null;
                        }

                        break;
                    case DocumentStart:
                        documents++;
                        break;
                    case MappingStart or SequenceStart:
                        if (stack.Count >= MaxDepth)
                        {
                            diagnostics.Add(DiagnosticCodes.YamlSyntax, At(file, current.Start), $"YAML nesting is deeper than {MaxDepth} levels; a recipe needs far fewer");
                            return null;
                        }

                        stack.Push(new Frame((NodeEvent)current, At(file, current.Start)));
                        break;
                    case MappingEnd or SequenceEnd:
                        var frame = stack.Pop();
                        var node = frame.Complete();
                        if (!Remember(frame.Event.Anchor, node, diagnostics, frame.Position)
                            || !Attach(stack, node, ref document, diagnostics))
                        {
                            return null;
                        }

                        break;
                    case Scalar scalar:
                        var value = new RecipeScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, At(file, scalar.Start));
                        if (!Remember(scalar.Anchor, value, diagnostics, value.Position)
                            || !Attach(stack, value, ref document, diagnostics))
                        {
                            return null;
                        }

                        break;
                    case AnchorAlias alias:
                        var position = At(file, alias.Start);
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            diagnostics.Add(DiagnosticCodes.YamlSyntax, position, $"alias '*{alias.Value.Value}' names no anchor defined before it");
                            return null;
                        }

                        if (!Count(target.Weight, position, diagnostics) || !Attach(stack, target, ref document, diagnostics))
                        {
                            return null;
                        }

                        break;
                }
            }

            if (document is null || document is RecipeScalar { IsNull: true })
            {
                diagnostics.Add(DiagnosticCodes.RecipeEmpty, SourcePosition.StartOf(file), "file is empty; a recipe needs at least a 'product' section or 'extends'");
                return null;
            }

            return document;
        }

        private bool Remember(AnchorName anchor, RecipeNode node, DiagnosticBag diagnostics, SourcePosition position)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            return Count(1, position, diagnostics);
        }

        private bool Count(long weight, SourcePosition position, DiagnosticBag diagnostics)
        {
            values += weight;
            if (values <= MaxValues)
            {
                return true;
            }

            diagnostics.Add(DiagnosticCodes.YamlSyntax, position, $"the YAML expands to more than {MaxValues} values (through aliases or sheer size); a recipe needs far fewer");
            return false;
        }

        private bool Attach(Stack<Frame> stack, RecipeNode node, ref RecipeNode? document, DiagnosticBag diagnostics)
        {
            if (stack.Count == 0)
            {
                document = node;
                return true;
            }

            return stack.Peek().Add(node, diagnostics);
        }
    }

    private sealed class Frame(NodeEvent start, SourcePosition position)
    {
        private readonly List<RecipeNode> items = [];
        private readonly List<RecipeEntry> entries = [];
        private RecipeScalar? pendingKey;

        public NodeEvent Event => start;

        public SourcePosition Position => position;

        public bool Add(RecipeNode node, DiagnosticBag diagnostics)
        {
            if (start is SequenceStart)
            {
                items.Add(node);
                return true;
            }

            if (pendingKey is null)
            {
                if (node is not RecipeScalar key)
                {
                    diagnostics.Add(DiagnosticCodes.YamlSyntax, node.Position, $"a mapping key must be a plain name, not {node.KindName}");
                    return false;
                }

                var earlier = entries.FirstOrDefault(e => e.Key.Value == key.Value);
                if (earlier is not null)
                {
                    diagnostics.Add(DiagnosticCodes.DuplicateKey, key.Position, $"duplicate key '{key.Value}' (first at line {earlier.Key.Position.Line}, column {earlier.Key.Position.Column})");
                }

                pendingKey = key;
                return true;
            }

            if (!entries.Any(e => e.Key.Value == pendingKey.Value))
            {
                entries.Add(new RecipeEntry(pendingKey, node));
            }

            pendingKey = null;
            return true;
        }

        public RecipeNode Complete() =>
            start is SequenceStart ? new RecipeSequence(items, position) : new RecipeMapping(entries, position);
    }
}
