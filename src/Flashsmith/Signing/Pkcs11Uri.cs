using Flashsmith.Diagnostics;
namespace Flashsmith.Signing;

/// <summary>
/// A PKCS#11 URI (RFC 7512) naming a key on a token: "pkcs11:token=NAME;object=LABEL;id=%01?module-path=/usr/lib/...".
/// The PIN comes from the environment, never the URI's pin-value on a command line.
/// </summary>
public sealed record Pkcs11Uri(string? Token, string? Object, byte[]? Id, string? ModulePath)
{
    public static Pkcs11Uri Parse(string uri)
    {
        if (!uri.StartsWith("pkcs11:", StringComparison.Ordinal))
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.Pkcs11, $"'{uri}' is not a pkcs11: URI");
        }

        var body = uri["pkcs11:".Length..];
        var query = body.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? body : body[..query];
        var attributes = Pairs(path, ';');
        var queries = query < 0 ? [] : Pairs(body[(query + 1)..], '&');
        if (queries.ContainsKey("pin-value"))
        {
            throw new Diagnostics.BadInputException(Diagnostics.DiagnosticCodes.Pkcs11, "the pkcs11: URI holds a pin-value; put the PIN in FLASHSMITH_PKCS11_PIN instead, so it stays off command lines and out of logs");
        }

        var id = attributes.TryGetValue("id", out var rawId) ? Uri.UnescapeDataString(rawId).Select(c => (byte)c).ToArray() : null;
        return new Pkcs11Uri(
            attributes.TryGetValue("token", out var token) ? Uri.UnescapeDataString(token) : null,
            attributes.TryGetValue("object", out var label) ? Uri.UnescapeDataString(label) : null,
            id,
            queries.TryGetValue("module-path", out var module) ? Uri.UnescapeDataString(module) : null);
    }

    private static Dictionary<string, string> Pairs(string text, char separator) =>
        text.Split(separator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
}
