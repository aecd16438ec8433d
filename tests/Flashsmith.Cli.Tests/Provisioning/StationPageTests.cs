using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BigGustave;
using Flashsmith.Cli.Tests.Commands;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Provisioning;

/// <summary>
/// The live station page of a station run as a process over loop devices the test attaches: read by headless
/// chromium (its DOM, a screenshot and its network log) and by an HTTP client (the event stream), and judged
/// against the station's --json lines and the log in sqlite3.
/// </summary>
public sealed partial class StationPageTests(ProvisionFixture fixture) : IClassFixture<ProvisionFixture>, IDisposable
{
    private const long KeySize = 64L << 20;

    /// <summary>Every tile the page shows: its slot, state, word, serial, progress, error, background and place.</summary>
    private const string TilesScript = """
        [...document.querySelectorAll('#slots .tile')].map(t => {
          const r = t.getBoundingClientRect();
          const q = c => t.querySelector(c)?.textContent ?? '';
          return { slot: t.dataset.slot, state: t.dataset.state, word: q('.word'), serial: q('.serial'), percent: q('.percent'),
                   error: q('.error'), background: getComputedStyle(t).backgroundColor, x: r.x, y: r.y, width: r.width, height: r.height };
        })
        """;

    private const string LogScript = """
        [...document.querySelectorAll('#log tbody tr')].map(r => [...r.cells].map(c => c.textContent).join('|'))
        """;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Chromium_shows_a_tile_per_slot_as_the_log_and_json_report_it_live_in_words_and_colours_and_loads_nothing_from_outside()
    {
        var log = temp.File("factory.db");
        var basis = 400 + (Random.Shared.Next(0, 9) * 10);
        var port = FreePort();
        var page = $"http://127.0.0.1:{port}/";
        var small = temp.File("tmpfs");
        Directory.CreateDirectory(small);
        ExternalTool.Check("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small);
        var keys = new List<LoopDevice>();
        var station = StationProcess.Start(fixture.Image, log, Units(), $"/dev/loop{basis / 10}[0-9]", "--listen", $"127.0.0.1:{port}");
        try
        {
            var ready = station.WaitFor(j => (string?)j["event"] == "ready", "the station to be ready");
            Assert.Equal(page, (string?)ready["page"]);
            using var chromium = HeadlessChromium.Start(temp.File("chromium"));
            chromium.Navigate(page);
            chromium.WaitFor("document.getElementById('link').textContent === 'live'", "the page's event stream to open");

            // Loop devices left detached in the pattern's range by earlier runs are slots too, empty ones.
            Assert.Equal(0, chromium.Evaluate("document.querySelectorAll('.tile:not(.state-empty)').length")!.GetValue<int>());

            // Two keys arrive while the page is open: one is written, one fails (its file is on a tmpfs too small for it).
            keys.Add(LoopDevice.CreateAt(temp.File("good.img"), KeySize, basis + 1));
            keys.Add(LoopDevice.CreateAt(Path.Combine(small, "bad.img"), KeySize, basis + 2));
            var good = station.WaitFor(j => (string?)j["slot"] == keys[0].Name && (string?)j["state"] is "done" or "failed", $"{keys[0].Name} to end");
            var bad = station.WaitFor(j => (string?)j["slot"] == keys[1].Name && (string?)j["state"] is "done" or "failed", $"{keys[1].Name} to end");
            Assert.Equal(("done", "failed"), ((string?)good["state"], (string?)bad["state"]));

            // The page was never reloaded: the event stream brought both ends and the new log records.
            chromium.WaitFor("document.querySelectorAll('.tile.state-done, .tile.state-failed').length === 2 && document.querySelectorAll('#log tbody tr').length === 2", "the page to show both keys' ends");
            var tiles = chromium.Evaluate(TilesScript)!.AsArray().Select(t => t!.AsObject()).ToList();
            var last = station.Lines.Where(j => (string?)j["event"] == "slot").GroupBy(j => (string)j["slot"]!).ToDictionary(g => g.Key, g => g.Last());
            Assert.Equal(last.Keys.Order(StringComparer.Ordinal), tiles.Select(t => (string)t["slot"]!));
            foreach (var tile in tiles)
            {
                var json = last[(string)tile["slot"]!];
                Assert.Equal((string?)json["state"], (string?)tile["state"]);
                Assert.Equal((string?)json["state"], (string?)tile["word"]);
                Assert.Equal((string?)json["unitSerial"] ?? string.Empty, (string?)tile["serial"]);
                Assert.Equal($"{(int)json["percent"]!}%", (string?)tile["percent"]);
                Assert.Equal((string?)json["error"] ?? string.Empty, (string?)tile["error"]);
            }

            var rows = ExternalTool.Check("sqlite3", log, "select id, device_path, ifnull(unit_serial, ''), result from attempts order by id desc").Output.Trim().Split('\n');
            var shown = chromium.Evaluate(LogScript)!.AsArray().Select(r => (string)r!).ToList();
            Assert.Equal(rows, shown.Select(r => r.Split('|')).Select(c => $"{c[0]}|{c[2]}|{c[3]}|{c[4]}"));
            Assert.Equal($"{keys[0].Path}|{good["unitSerial"]}|ok", string.Join('|', rows.Single(r => r.Contains(keys[0].Path + "|", StringComparison.Ordinal)).Split('|')[1..]));
            Assert.Matches($"^{keys[1].Path}\\|[^|]*\\|failed$", string.Join('|', rows.Single(r => r.Contains(keys[1].Path + "|", StringComparison.Ordinal)).Split('|')[1..]));

            // The screenshot shows each tile in its state's colour; done and failed differ in colour as in word.
            var screenshot = chromium.Screenshot();
            File.WriteAllBytes(temp.File("station.png"), screenshot);
            var png = Png.Open(new MemoryStream(screenshot));
            var colours = new Dictionary<string, (int R, int G, int B)>();
            foreach (var tile in tiles)
            {
                var x = (int)((double)tile["x"]! + ((double)tile["width"]! / 2));
                var y = (int)((double)tile["y"]! + 6);
                var pixel = png.GetPixel(x, y);
                var expected = Rgb((string)tile["background"]!);
                Assert.True(Distance((pixel.R, pixel.G, pixel.B), expected) <= 6, $"the screenshot shows {pixel.R},{pixel.G},{pixel.B} at {x},{y} for the {tile["state"]} tile, not its colour {expected}");
                colours[(string)tile["state"]!] = (pixel.R, pixel.G, pixel.B);
            }

            Assert.True(Distance(colours["done"], colours["failed"]) > 150, $"done {colours["done"]} and failed {colours["failed"]} look alike");

            // Nothing came from anywhere but the station: no request, no reference in the page, and a policy that forbids it.
            Assert.Contains(page + "events", chromium.Requests);
            Assert.All(chromium.Requests, url => Assert.True(url.StartsWith(page, StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"the page asked for {url}"));
            using var http = new HttpClient();
            using var response = await http.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.All(Reference().Matches(html), m => Assert.StartsWith("data:", m.Groups["target"].Value, StringComparison.Ordinal));
            Assert.DoesNotContain("url(", html, StringComparison.Ordinal);
            Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
            Assert.DoesNotContain("//", Regex.Replace(html, "http://127\\.0\\.0\\.1:[0-9]+/", string.Empty), StringComparison.Ordinal);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.StartsWith("default-src 'none'; ", policy, StringComparison.Ordinal);
            Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);

            // Ctrl-C: the station exits 130 and the page says it lost the station.
            Assert.Equal(ExitCodes.Interrupted, station.Interrupt());
            chromium.WaitFor("document.getElementById('link').textContent === 'station not reachable'", "the page to see the station gone", 30);
        }
        finally
        {
            station.Dispose();
            keys.ForEach(k => k.Dispose());
            ExternalTool.Run("umount", "-l", small);
        }
    }

    [Fact]
    public async Task Event_stream_sends_the_state_then_every_slot_change_as_the_json_lines_do_and_the_page_answers_only_get()
    {
        var log = temp.File("factory.db");
        var basis = 400 + (Random.Shared.Next(0, 9) * 10);
        LoopDevice? key = null;
        var station = StationProcess.Start(fixture.Image, log, Units(), $"/dev/loop{basis / 10}[0-9]", "--listen", "127.0.0.1:0");
        try
        {
            var page = (string)station.WaitFor(j => (string?)j["event"] == "ready", "the station to be ready")["page"]!;
            Assert.Matches("^http://127\\.0\\.0\\.1:[1-9][0-9]*/$", page);

            // The command line tool became the companion that serves the page, in the same process.
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "Flashsmith.Station.dll"), station.Running);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var response = await http.GetAsync(page + "events", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var stream = new EventStream(await response.Content.ReadAsStreamAsync());

            var (name, data) = stream.Next();
            Assert.Equal("snapshot", name);
            var snapshot = JsonNode.Parse(data)!;
            Assert.All(snapshot["slots"]!.AsArray(), s => Assert.Equal("empty", (string?)s!["state"]));
            Assert.Empty(snapshot["log"]!.AsArray());
            Assert.True((bool)snapshot["station"]!["ready"]!);
            Assert.Equal(SampleBuild.ImageName, (string?)snapshot["station"]!["image"]);

            key = LoopDevice.CreateAt(temp.File("key.img"), KeySize, basis + 1);
            var slots = new List<JsonObject>();
            while (slots.Count == 0 || (string?)slots[^1]["state"] is not ("done" or "failed"))
            {
                (name, data) = stream.Next();
                Assert.Equal("slot", name);
                var slot = JsonNode.Parse(data)!.AsObject();
                Assert.Equal(key.Name, (string?)slot["slot"]);
                slots.Add(slot);
            }

            (name, data) = stream.Next();
            Assert.Equal("log", name);
            var record = Assert.Single(JsonNode.Parse(data)!.AsArray())!;
            Assert.Equal(("ok", "U-1", key.Path), ((string?)record["result"], (string?)record["unitSerial"], (string?)record["devicePath"]));

            // Every change, in the order and with the fields the --json lines give (an empty slot came with the snapshot).
            station.WaitFor(j => (string?)j["slot"] == key.Name && (string?)j["state"] == "done", "the key to be done");
            var lines = station.Lines.Where(j => (string?)j["event"] == "slot" && (string?)j["slot"] == key.Name && (string?)j["state"] != "empty").Select(j =>
            {
                var copy = j.DeepClone().AsObject();
                copy.Remove("event");
                return copy;
            }).ToList();
            Assert.Equal(lines.Select(l => l.ToJsonString()), slots.Select(s => s.ToJsonString()));
            Assert.Equal("writing", (string?)slots[0]["state"]);
            Assert.Contains(slots, s => (string?)s["state"] == "verifying");
            Assert.Equal(("done", "U-1", 100), ((string?)slots[^1]["state"], (string?)slots[^1]["unitSerial"], (int)slots[^1]["percent"]!));

            var state = JsonNode.Parse(await http.GetStringAsync(page + "state"))!;
            Assert.Equal(slots[^1].ToJsonString(), Assert.Single(state["slots"]!.AsArray(), s => (string?)s!["slot"] == key.Name)!.ToJsonString());
            Assert.Equal(record.ToJsonString(), Assert.Single(state["log"]!.AsArray())!.ToJsonString());

            // It only shows: nothing but GET is answered.
            foreach (var (method, path) in new[] { (HttpMethod.Post, string.Empty), (HttpMethod.Put, "events"), (HttpMethod.Delete, "state") })
            {
                using var refused = await http.SendAsync(new HttpRequestMessage(method, page + path));
                Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(page + "log")).StatusCode);

            // Ctrl-C ends the stream.
            Assert.Equal(ExitCodes.Interrupted, station.Interrupt());
            Assert.Null(stream.NextOrEnd());
        }
        finally
        {
            station.Dispose();
            key?.Dispose();
        }
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("::1:8080")]
    [InlineData("127.0.0.1:99999")]
    public void Listen_address_that_is_not_an_address_and_port_is_bad_input(string address)
    {
        var run = CliRun.Of("station", fixture.Image, "--slots", "/dev/loop9999", "--log", temp.File("factory.db"), "--listen", address);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error FS7010: --listen '{address}': not an IP address and port; write it as 127.0.0.1:8080, or [::1]:8080 for IPv6", run.Error.Trim());
    }

    [Fact]
    public void Listen_port_in_use_is_bad_input_naming_it()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = CliRun.Of("station", fixture.Image, "--slots", "/dev/loop9999", "--log", temp.File("factory.db"), "--listen", $"127.0.0.1:{port}");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"error FS7010: --listen 127.0.0.1:{port}: cannot listen there (", run.Error, StringComparison.Ordinal);
        Assert.Contains("name a free port", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("factory.db")), "the log was opened though the station could not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A CSS colour as getComputedStyle gives it: <c>rgb(30, 123, 52)</c>.</summary>
    private static (int R, int G, int B) Rgb(string css)
    {
        var parts = Regex.Match(css, "^rgba?\\(([0-9]+), ([0-9]+), ([0-9]+)").Groups;
        return (int.Parse(parts[1].Value), int.Parse(parts[2].Value), int.Parse(parts[3].Value));
    }

    private static int Distance((int R, int G, int B) a, (int R, int G, int B) b) =>
        Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);

    private string Units()
    {
        var path = temp.File("units.csv");
        File.WriteAllText(path, "serial,hostname,asset_tag\nU-1,host-1,T1\nU-2,host-2,T2\nU-3,host-3,T3\n");
        return path;
    }

    [GeneratedRegex("\\b(?:src|href|action|srcset|poster|data)\\s*=\\s*[\"']?(?<target>[^\"'\\s>]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    /// <summary>Server-sent events read one at a time, each with a deadline.</summary>
    private sealed class EventStream(Stream stream) : IDisposable
    {
        private readonly StreamReader reader = new(stream);

        public (string Name, string Data) Next() =>
            NextOrEnd() ?? throw new InvalidOperationException("the event stream ended");

        /// <summary>The next event, or null when the stream ends.</summary>
        public (string Name, string Data)? NextOrEnd()
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            string? name = null;
            string? data = null;
            while (reader.ReadLineAsync(deadline.Token).AsTask().GetAwaiter().GetResult() is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        return (name ?? "message", data);
                    }

                    continue;
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = data is null ? line["data: ".Length..] : data + "\n" + line["data: ".Length..];
                }
            }

            return null;
        }

        public void Dispose() => reader.Dispose();
    }
}
