using System.Globalization;
using Flashsmith.Diagnostics;

namespace Flashsmith.Toolchains;

/// <summary>Where the shared cache lives: a Redis server, written <c>redis://HOST:PORT[/DB]</c>.</summary>
public sealed record RemoteCacheAddress(string Host, int Port, int Database)
{
    public const int DefaultPort = 6379;

    /// <summary>Parses <paramref name="text"/>, which came from <paramref name="source"/> (an option, a variable or a config file).</summary>
    public static RemoteCacheAddress Parse(string text, string source)
    {
        var problem = $"{source} is '{text}'; it must be redis://HOST:PORT[/DB], or 'none'";
        if (!text.StartsWith("redis://", StringComparison.Ordinal) || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new BadInputException(DiagnosticCodes.RemoteCache, problem);
        }

        var path = uri.AbsolutePath.Trim('/');
        var database = 0;
        if (path.Length > 0 && (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 15))
        {
            throw new BadInputException(DiagnosticCodes.RemoteCache, $"{problem} (DB is a number from 0 to 15)");
        }

        return new RemoteCacheAddress(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, database);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"redis://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}{(Database == 0 ? string.Empty : $"/{Database}")}");
}
