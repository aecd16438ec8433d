using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Flashsmith.TestSupport;

/// <summary>
/// A PostgreSQL server of Debian's <c>postgresql</c> package, made for the tests that use it: a new data
/// folder in a temporary folder, owned by the <c>postgres</c> user (the server refuses to run as root),
/// listening on 127.0.0.1 at a free port with trust authentication, and stopped and removed on dispose.
/// A missing package fails the test that needs it.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly string bin;
    private readonly string data;
    private int databases;

    public PostgresServer()
    {
        bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b, StringComparer.Ordinal).LastOrDefault() ?? string.Empty
            : string.Empty;
        if (bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL's server is not installed: apt-get install postgresql (tools/test installs it)");
        }

        // The server runs as postgres, which must reach its folder through the temporary folder.
        ExternalTool.Check("chmod", "711", temp.Path);
        data = temp.File("data");
        Directory.CreateDirectory(data);
        ExternalTool.Check("chown", "postgres:postgres", data);
        AsPostgres("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        Port = FreePort();
        var options = string.Create(CultureInfo.InvariantCulture, $"-c listen_addresses=127.0.0.1 -p {Port} -k {data} -c fsync=off -c full_page_writes=off");
        AsPostgres("pg_ctl", "-D", data, "-o", options, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60", "start");
    }

    public int Port { get; }

    /// <summary>Makes a new, empty database and returns its URL, as --log takes it.</summary>
    public string CreateDatabase()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"factory{Interlocked.Increment(ref databases)}");
        Psql("postgres", $"CREATE DATABASE {name}");
        return Url(name);
    }

    public string Url(string database) => string.Create(CultureInfo.InvariantCulture, $"postgresql://postgres@127.0.0.1:{Port}/{database}");

    /// <summary>Runs <paramref name="sql"/> with psql, an independent reader of the database, and returns its unaligned output; fails on an error.</summary>
    public string Psql(string database, string sql)
    {
        var result = PsqlRun(database, sql);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql {sql}: {result.All}");
        }

        return result.Output.TrimEnd('\n');
    }

    /// <summary>psql's result, errors included, for statements the database is expected to refuse.</summary>
    public ExternalTool.Result PsqlRun(string database, string sql) =>
        ExternalTool.Run("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database, "-c", sql], TimeSpan.FromMinutes(1));

    public void Dispose()
    {
        ExternalTool.Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"], TimeSpan.FromMinutes(1));
        temp.Dispose();
    }

    private void AsPostgres(string program, params string[] arguments)
    {
        var result = ExternalTool.Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments], TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            var log = Path.Combine(data, "server.log");
            throw new InvalidOperationException($"{program} exited {result.ExitCode}: {result.All}{(File.Exists(log) ? File.ReadAllText(log) : string.Empty)}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
