using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Station;

/// <summary>
/// The station page: one HTML document with its style and script inline and the board's state in it, so it
/// shows the slots before its event stream opens. Its content security policy allows that style and script
/// alone (by their SHA-256) and connections to the station itself: nothing is loaded from anywhere else.
/// </summary>
public sealed class StationPageDocument
{
    private const string StatePlaceholder = "{{STATE}}";
    private readonly string before;
    private readonly string after;

    private StationPageDocument(string before, string after, string contentSecurityPolicy)
    {
        this.before = before;
        this.after = after;
        ContentSecurityPolicy = contentSecurityPolicy;
    }

    public string ContentSecurityPolicy { get; }

    public static StationPageDocument Load()
    {
        var style = Resource("station.css");
        var script = Resource("station.js");
        var html = Resource("station.html").Replace("{{STYLE}}", style, StringComparison.Ordinal).Replace("{{SCRIPT}}", script, StringComparison.Ordinal);
        var at = html.IndexOf(StatePlaceholder, StringComparison.Ordinal);
        var policy = $"default-src 'none'; style-src '{Hash(style)}'; script-src '{Hash(script)}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return new StationPageDocument(html[..at], html[(at + StatePlaceholder.Length)..], policy);
    }

    /// <summary>The page with <paramref name="state"/>, JSON whose encoder escapes <c>&lt;</c>, so it cannot end its script element.</summary>
    public string Render(string state) => before + state + after;

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));

    private static string Resource(string name)
    {
        using var stream = typeof(StationPageDocument).Assembly.GetManifestResourceStream($"Flashsmith.Station.{name}")
            ?? throw new InvalidOperationException($"the station page's {name} is not built into the tool");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
