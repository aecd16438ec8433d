using System.Text.Encodings.Web;
using System.Text.Json;

namespace Flashsmith.Cli.Rendering;

/// <summary>How every --json output is written: indented, with characters left readable.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
