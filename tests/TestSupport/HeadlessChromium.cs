using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Flashsmith.TestSupport;

/// <summary>
/// Debian's chromium, headless, driven through its DevTools protocol: one page, whose every network request is
/// recorded. Host names resolve to nothing but 127.0.0.1, so a page that reached for anything else would fail
/// to load it, and the request would still be in <see cref="Requests"/>.
/// </summary>
public sealed class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly ClientWebSocket socket;
    private readonly List<string> requests = [];
    private readonly List<string> events = [];
    private int next;

    private HeadlessChromium(Process process, ClientWebSocket socket)
    {
        this.process = process;
        this.socket = socket;
    }

    /// <summary>Every URL the page asked for, in order.</summary>
    public IReadOnlyList<string> Requests => requests;

    /// <summary>Starts chromium with its profile in <paramref name="profile"/> and a window of the given size.</summary>
    public static HeadlessChromium Start(string profile, int width = 1400, int height = 1000)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            $"--window-size={width},{height}", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("chromium is not installed (Debian package chromium; tools/test installs it)", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = DevToolsPort(process, Path.Combine(profile, "DevToolsActivePort"));
            using var http = new HttpClient();
            var targets = JsonNode.Parse(http.GetStringAsync($"http://127.0.0.1:{port}/json/list").GetAwaiter().GetResult())!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            var socket = new ClientWebSocket();
            socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None).GetAwaiter().GetResult();
            var chromium = new HeadlessChromium(process, socket);
            chromium.Call("Page.enable");
            chromium.Call("Network.enable");
            chromium.Call("Runtime.enable");
            return chromium;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public void Navigate(string url)
    {
        lock (events)
        {
            events.Clear();
        }

        Call("Page.navigate", new JsonObject { ["url"] = url });
        WaitUntil(() => { lock (events) { return events.Contains("Page.loadEventFired"); } }, $"{url} to load");
    }

    /// <summary>The value of a JavaScript expression in the page, as JSON.</summary>
    public JsonNode? Evaluate(string expression)
    {
        var result = Call("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true })!;
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"the page threw: {exception.ToJsonString()}");
        }

        return result["result"]?["value"];
    }

    /// <summary>Evaluates <paramref name="expression"/> until it is true, for up to <paramref name="seconds"/>.</summary>
    public void WaitFor(string expression, string description, int seconds = 120)
    {
        var deadline = Stopwatch.StartNew();
        while (Evaluate(expression)?.GetValue<bool>() != true)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"waited {seconds} s for {description}; the page shows: {Evaluate("document.body.innerText")}");
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>The page as it is shown, a PNG of the window.</summary>
    public byte[] Screenshot() =>
        Convert.FromBase64String((string)Call("Page.captureScreenshot", new JsonObject { ["format"] = "png" })!["data"]!);

    public void Dispose()
    {
        socket.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private JsonNode? Call(string method, JsonObject? parameters = null)
    {
        var id = ++next;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var timeout = new CancellationTokenSource(CallTimeout);
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token).GetAwaiter().GetResult();
        while (true)
        {
            var reply = Receive(timeout.Token);
            if ((int?)reply["id"] == id)
            {
                return reply["error"] is { } error ? throw new InvalidOperationException($"{method}: {error.ToJsonString()}") : reply["result"];
            }

            if ((string?)reply["method"] is { } name)
            {
                lock (events)
                {
                    events.Add(name);
                }

                if (name == "Network.requestWillBeSent")
                {
                    requests.Add((string)reply["params"]!["request"]!["url"]!);
                }
            }
        }
    }

    private JsonObject Receive(CancellationToken cancellation)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = socket.ReceiveAsync(buffer, cancellation).GetAwaiter().GetResult();
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return JsonNode.Parse(message.ToArray())!.AsObject();
    }

    private void WaitUntil(Func<bool> condition, string description)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > CallTimeout)
            {
                throw new TimeoutException($"waited for {description}");
            }

            // Any call reads the events that came before its answer.
            Call("Runtime.evaluate", new JsonObject { ["expression"] = "0" });
            Thread.Sleep(50);
        }
    }

    private static int DevToolsPort(Process process, string file)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < CallTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode} before it opened its DevTools port");
            }

            if (File.Exists(file) && File.ReadAllLines(file) is [var first, ..] && int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException("chromium did not open its DevTools port");
    }
}
