using Flashsmith.Provisioning;
using Flashsmith.TestSupport;

namespace Flashsmith.Tests.Provisioning;

/// <summary>Attempts and judges that the factory log tests share.</summary>
internal static class LogFixtures
{
    public static readonly DateTimeOffset Morning = new(2026, 11, 28, 9, 30, 0, 123, TimeSpan.Zero);

    public static AttemptStart Start(string? serial = null, string device = "/dev/sdb") => new()
    {
        Station = "station-1",
        ImagePath = "/factory/images/thinvisor-1.0.0-dell-poweredge-r710.img",
        ImageSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        Target = "dell-poweredge-r710",
        Product = "thinvisor",
        Version = "1.0.0",
        DevicePath = device,
        DeviceModel = "SanDisk Ultra Fit",
        DeviceSerial = "4C530001230517",
        DeviceSizeBytes = 15_376_000_000,
        Unit = serial is null ? null : new UnitIdentity(serial, "node-" + serial.ToLowerInvariant() + ".example.com", "ASSET " + serial),
    };

    public static UnitsFile Units(params string[] serials) =>
        new("units.csv", [.. serials.Select(s => new UnitIdentity(s))]);

    /// <summary>The sqlite3 command-line tool, an independent reader of the log; a missing tool fails the test.</summary>
    public static string Sqlite(string database, string sql)
    {
        var result = ExternalTool.Run("sqlite3", database, sql);
        Assert.True(result.ExitCode == 0, $"sqlite3 {sql}: {result.All}");
        return result.Output.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n');
    }
}
