using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flashsmith.Reproducibility;

/// <summary>
/// Reads JSON that someone else wrote (SBOMs, provenance, a unit record): a name given twice in one object is
/// malformed JSON (a <see cref="JsonException"/>) here, not an error later, when the object is first read.
/// </summary>
public static class UntrustedJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: Options);

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8) => JsonNode.Parse(utf8, documentOptions: Options);
}
