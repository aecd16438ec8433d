using System.Globalization;
using Flashsmith.Diagnostics;
using Npgsql;

namespace Flashsmith.Provisioning;

/// <summary>
/// A PostgreSQL factory log named by URL, <c>postgresql://user[:password]@host[:port]/database[?option=value]</c>
/// (<c>postgres://</c> too): the connection string it stands for, and the name messages show, which never
/// holds the password. Without a password in the URL, Npgsql takes it from PGPASSWORD or ~/.pgpass.
/// </summary>
public sealed record PostgresLocation(string ConnectionString, string Display)
{
    private const int DefaultPort = 5432;

    public static bool IsUrl(string location) =>
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="url"/>; a URL without a host or a database, or with an unknown option, is bad input.</summary>
    public static PostgresLocation Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new BadInputException(DiagnosticCodes.FactoryLog, $"the factory log '{Redact(url)}' is not a PostgreSQL URL: write postgresql://user@host:port/database");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new BadInputException(DiagnosticCodes.FactoryLog, $"the factory log '{Redact(url)}' names no database: write postgresql://user@host:port/database");
        }

        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
            Database = database,
            ApplicationName = "flashsmith",
            Pooling = false,
            Timeout = 15,
            CommandTimeout = 60,
        };
        if (user[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user[0]);
        }

        if (user.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(user[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (pair, string.Empty);
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException ex)
            {
                throw new BadInputException(DiagnosticCodes.FactoryLog, $"the factory log '{Redact(url)}' has the option '{key}={value}', which PostgreSQL connections do not take: {ex.Message}");
            }
        }

        var who = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) + "@" : string.Empty;
        var display = string.Create(CultureInfo.InvariantCulture, $"postgresql://{who}{uri.Host}:{builder.Port}/{database}");
        return new PostgresLocation(builder.ConnectionString, display);
    }

    private static string Redact(string url)
    {
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var colon = scheme >= 0 && at > scheme ? url.IndexOf(':', scheme + 3) : -1;
        return colon >= 0 && colon < at ? url[..(colon + 1)] + "***" + url[at..] : url;
    }
}
