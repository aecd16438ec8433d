using System.Net;
using System.Text;
using Flashsmith.Cli.StationPage;
using Flashsmith.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Flashsmith.Station;

/// <summary>
/// The live station page: <c>GET /</c> the page (one document, its style and script inline), <c>GET /events</c>
/// its server-sent events, <c>GET /state</c> the same state as JSON. It serves only what the board holds and
/// writes nothing; any other method is refused.
/// </summary>
public sealed class StationPageServer : IStationPage
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);
    private readonly WebApplication app;
    private readonly StationBoard board;

    private StationPageServer(WebApplication app, StationBoard board, Uri address)
    {
        this.app = app;
        this.board = board;
        Address = address;
    }

    /// <summary>Where the page is, with the port the system gave when the one asked for was 0.</summary>
    public Uri Address { get; }

    /// <summary>Starts listening on <paramref name="endpoint"/>; an address that cannot be listened on is bad input.</summary>
    public static IStationPage Start(IPEndPoint endpoint, StationBoard board)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, StationHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(endpoint);
        });
        var app = builder.Build();
        var page = StationPageDocument.Load();
        app.MapGet("/", (RequestDelegate)(context => ServePage(context, page, board)));
        app.MapGet("/state", (RequestDelegate)(context => ServeState(context, board)));
        app.MapGet("/events", (RequestDelegate)(context => ServeEvents(context, board)));
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            (app as IDisposable).Dispose();
            throw new BadInputException(DiagnosticCodes.StationListen, $"--listen {endpoint}: cannot listen there ({ex.Message.TrimEnd('.')}); name a free port on an address of this machine");
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("the page's server started without an address");
        return new StationPageServer(app, board, new Uri(bound.TrimEnd('/') + "/"));
    }

    /// <summary>Ends every page's stream, then stops listening.</summary>
    public void Dispose()
    {
        board.Close();
        app.StopAsync().GetAwaiter().GetResult();
        (app as IDisposable).Dispose();
    }

    private static Task ServePage(HttpContext context, StationPageDocument page, StationBoard board)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = page.ContentSecurityPolicy;
        NoStore(response);
        return response.WriteAsync(page.Render(board.Snapshot()), Encoding.UTF8, context.RequestAborted);
    }

    private static Task ServeState(HttpContext context, StationBoard board)
    {
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        NoStore(response);
        return response.WriteAsync(board.Snapshot(), Encoding.UTF8, context.RequestAborted);
    }

    private static async Task ServeEvents(HttpContext context, StationBoard board)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        NoStore(response);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var (snapshot, changes) = board.Listen();
        try
        {
            // A page whose station went away tries again every two seconds, and starts afresh from the snapshot.
            await response.WriteAsync("retry: 2000\n\n", Encoding.UTF8, context.RequestAborted);
            await Send(response, new BoardEvent("snapshot", snapshot), context.RequestAborted);
            await foreach (var change in changes.ReadAllAsync(context.RequestAborted))
            {
                await Send(response, change, context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            board.Leave(changes);
        }
    }

    private static async Task Send(HttpResponse response, BoardEvent change, CancellationToken cancellation)
    {
        // The data is one line of JSON: JSON text holds no raw line break.
        await response.WriteAsync($"event: {change.Name}\ndata: {change.Data}\n\n", Encoding.UTF8, cancellation);
        await response.Body.FlushAsync(cancellation);
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
    }

    /// <summary>The station owns Ctrl-C: the page's host must not take the signal for itself.</summary>
    private sealed class StationHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
