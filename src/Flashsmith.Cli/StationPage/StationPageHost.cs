using System.Net;

namespace Flashsmith.Cli.StationPage;

/// <summary>A station page being served; disposing it ends every page's stream and stops listening.</summary>
public interface IStationPage : IDisposable
{
    /// <summary>Where the page is, with the port the system gave when the one asked for was 0.</summary>
    Uri Address { get; }
}

/// <summary>Starts serving <paramref name="board"/> at <paramref name="endpoint"/>; an address that cannot be listened on is bad input.</summary>
public delegate IStationPage StationPageHost(IPEndPoint endpoint, StationBoard board);
