using System.Text.Json.Nodes;
using System.Threading.Channels;
using Flashsmith.Cli.Rendering;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.StationPage;

/// <summary>
/// What the station page shows, kept current as the station reports: the station itself, every slot and the
/// last records of the log. Each page that listens gets every change after the state it started from.
/// </summary>
public sealed class StationBoard
{
    /// <summary>How many records of the log the page shows, newest first.</summary>
    public const int LogRecords = 12;

    /// <summary>Changes a page may fall behind by before it is dropped; its browser reconnects and starts afresh.</summary>
    private const int Backlog = 4096;

    private readonly Lock turn = new();
    private readonly SortedDictionary<string, JsonObject> slots = new(StringComparer.Ordinal);
    private readonly List<Channel<BoardEvent>> listeners = [];
    private JsonObject station;
    private JsonArray log = [];
    private bool closed;

    /// <param name="station">The station's name and what it was asked to do, before the image is verified.</param>
    public StationBoard(JsonObject station)
    {
        this.station = station;
    }

    /// <summary>The image is verified and the log open: the station now writes keys.</summary>
    public void Ready(JsonObject station, IReadOnlyList<AttemptRecord> recent)
    {
        lock (turn)
        {
            this.station = station;
            log = FactoryLogJson.ToArray(recent);
            Publish(new BoardEvent("snapshot", SnapshotText()));
        }
    }

    /// <summary>A slot changed; when its key is finished the log has a new record, read with <paramref name="recent"/>.</summary>
    public void Changed(SlotState state, Func<int, IReadOnlyList<AttemptRecord>> recent)
    {
        var json = SlotJson.Write(state);
        var finished = state.Status is SlotStatus.Done or SlotStatus.Failed;
        var records = finished ? FactoryLogJson.ToArray(recent(LogRecords)) : null;
        lock (turn)
        {
            slots[state.Slot] = json;
            Publish(new BoardEvent("slot", json.ToJsonString()));
            if (records is not null)
            {
                log = records;
                Publish(new BoardEvent("log", records.ToJsonString()));
            }
        }
    }

    /// <summary>Everything the page shows now, as one JSON object: <c>station</c>, <c>slots</c> and <c>log</c>.</summary>
    public string Snapshot()
    {
        lock (turn)
        {
            return SnapshotText();
        }
    }

    /// <summary>The state now and every change after it, until the board closes or the listener falls too far behind.</summary>
    public (string Snapshot, ChannelReader<BoardEvent> Changes) Listen()
    {
        var channel = Channel.CreateBounded<BoardEvent>(new BoundedChannelOptions(Backlog) { SingleReader = true, SingleWriter = true });
        lock (turn)
        {
            if (closed)
            {
                channel.Writer.Complete();
            }
            else
            {
                listeners.Add(channel);
            }

            return (SnapshotText(), channel.Reader);
        }
    }

    public void Leave(ChannelReader<BoardEvent> changes)
    {
        lock (turn)
        {
            listeners.RemoveAll(c => c.Reader == changes);
        }
    }

    /// <summary>The station stopped: every page's stream ends.</summary>
    public void Close()
    {
        lock (turn)
        {
            closed = true;
            listeners.ForEach(c => c.Writer.TryComplete());
            listeners.Clear();
        }
    }

    private void Publish(BoardEvent change)
    {
        foreach (var listener in listeners.ToList())
        {
            if (!listener.Writer.TryWrite(change))
            {
                listener.Writer.TryComplete();
                listeners.Remove(listener);
            }
        }
    }

    private string SnapshotText() => new JsonObject
    {
        ["station"] = station.DeepClone(),
        ["slots"] = new JsonArray([.. slots.Values.Select(s => (JsonNode?)s.DeepClone())]),
        ["log"] = log.DeepClone(),
    }.ToJsonString();
}
