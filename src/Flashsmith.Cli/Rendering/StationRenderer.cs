using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary>
/// A station's output: a line when it is ready, then a line each time a slot changes state (for people), or
/// with --json one object a line, progress included. A person is also told where the station page is.
/// </summary>
public sealed class StationRenderer(CliEnvironment environment, StationOptions options, bool json, Uri? page)
{
    private static readonly JsonSerializerOptions Lines = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Dictionary<string, SlotStatus> shown = new(StringComparer.Ordinal);

    private TextWriter Output => environment.Output.Profile.Out.Writer;

    public void Ready(VerifiedImage image, string log, bool development)
    {
        if (json)
        {
            Write(new JsonObject
            {
                ["event"] = "ready",
                ["station"] = options.Station,
                ["image"] = image.Path,
                ["sha256"] = image.Sha256,
                ["slots"] = options.Slots.Text,
                ["log"] = log,
                ["developmentCertificate"] = development,
                ["page"] = page?.ToString(),
            });
            return;
        }

        Output.WriteLine($"station {options.Station}: {image.Name} ({image.Statement.Target} {image.Statement.Version}) verified; writing keys in slots {options.Slots.Text}; log {log}; Ctrl-C stops");
        if (page is not null)
        {
            Output.WriteLine($"station page: {page}");
        }

        if (development)
        {
            Output.WriteLine("verified against the DEVELOPMENT certificate: these keys are not for release");
        }

        Output.Flush();
    }

    public void Changed(SlotState state)
    {
        if (json)
        {
            Write(SlotJson.Write(state, "slot"));
            return;
        }

        if (shown.TryGetValue(state.Slot, out var last) && last == state.Status)
        {
            return;
        }

        shown[state.Slot] = state.Status;
        var detail = state.Status switch
        {
            SlotStatus.Done => $" {state.UnitSerial}",
            SlotStatus.Failed => $" ({state.Error})",
            _ => string.Empty,
        };
        Output.WriteLine($"slot {state.Slot} {state.Device ?? "-"}: {state.Status.ToName()}{detail}");
        Output.Flush();
    }

    private void Write(JsonObject line)
    {
        Output.WriteLine(line.ToJsonString(Lines));
        Output.Flush();
    }
}
