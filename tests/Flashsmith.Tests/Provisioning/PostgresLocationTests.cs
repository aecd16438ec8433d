using Flashsmith.Diagnostics;
using Flashsmith.Provisioning;

namespace Flashsmith.Tests.Provisioning;

public sealed class PostgresLocationTests
{
    [Fact]
    public void Url_gives_the_connection_and_a_name_without_the_password()
    {
        var location = PostgresLocation.Parse("postgresql://station:s%40cret@db.factory:6543/log?sslmode=require");

        Assert.Equal("postgresql://station@db.factory:6543/log", location.Display);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("db.factory", 6543, "log", "station", "s@cret"), (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(Npgsql.SslMode.Require, builder.SslMode);
    }

    [Theory]
    [InlineData("postgres://h/db", "postgresql://h:5432/db")]
    [InlineData("postgresql://u@127.0.0.1/db", "postgresql://u@127.0.0.1:5432/db")]
    public void Default_port_is_5432(string url, string display) => Assert.Equal(display, PostgresLocation.Parse(url).Display);

    [Theory]
    [InlineData("postgresql://u:pw@host:5432/", "the factory log 'postgresql://u:***@host:5432/' names no database: write postgresql://user@host:port/database")]
    [InlineData("postgresql://u@host/db?colour=blue", "the factory log 'postgresql://u@host/db?colour=blue' has the option 'colour=blue'")]
    public void Bad_urls_are_bad_input_and_never_show_the_password(string url, string message)
    {
        var error = Assert.Throws<BadInputException>(() => PostgresLocation.Parse(url));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://h/db", true)]
    [InlineData("POSTGRES://h/db", true)]
    [InlineData("factory.db", false)]
    [InlineData("/srv/postgresql/factory.db", false)]
    public void Urls_are_told_from_files(string location, bool url) => Assert.Equal(url, FactoryLog.IsDatabaseUrl(location));
}
