using System.Text.Json.Nodes;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Rendering;

/// <summary>A station slot as JSON, the same for <c>station --json</c> lines and the station page.</summary>
public static class SlotJson
{
    /// <summary>The slot's fields, after an <c>event</c> field when <paramref name="eventName"/> is given.</summary>
    public static JsonObject Write(SlotState state, string? eventName = null)
    {
        var json = eventName is null ? new JsonObject() : new JsonObject { ["event"] = eventName };
        json["slot"] = state.Slot;
        json["state"] = state.Status.ToName();
        json["device"] = state.Device;
        json["unitSerial"] = state.UnitSerial;
        json["percent"] = state.Percent;
        json["done"] = state.Done;
        json["total"] = state.Total;
        json["error"] = state.Error;
        json["attempt"] = state.AttemptId;
        json["lastResult"] = state.LastResult?.ToName();
        return json;
    }
}
