namespace Flashsmith.Cli.StationPage;

/// <summary>One server-sent event of the station page: its name and its JSON data.</summary>
public sealed record BoardEvent(string Name, string Data);
