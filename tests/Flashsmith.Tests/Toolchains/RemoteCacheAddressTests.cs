using Flashsmith.Diagnostics;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

public sealed class RemoteCacheAddressTests
{
    [Theory]
    [InlineData("redis://cache.example:6380/2", "cache.example", 6380, 2)]
    [InlineData("redis://10.1.2.3", "10.1.2.3", 6379, 0)]
    [InlineData("redis://[::1]:7000/", "::1", 7000, 0)]
    public void Parses_host_port_and_database(string text, string host, int port, int database)
    {
        Assert.Equal(new RemoteCacheAddress(host, port, database), RemoteCacheAddress.Parse(text, "--cache-remote"));
    }

    [Theory]
    [InlineData("http://cache:6379", "error FS4006: --cache-remote is 'http://cache:6379'; it must be redis://HOST:PORT[/DB], or 'none'")]
    [InlineData("redis://cache:6379/x", "error FS4006: --cache-remote is 'redis://cache:6379/x'; it must be redis://HOST:PORT[/DB], or 'none' (DB is a number from 0 to 15)")]
    [InlineData("redis://user:pw@cache", "error FS4006: --cache-remote is 'redis://user:pw@cache'; it must be redis://HOST:PORT[/DB], or 'none'")]
    public void Anything_else_is_bad_input_naming_where_it_came_from(string text, string message)
    {
        var error = Assert.Throws<BadInputException>(() => RemoteCacheAddress.Parse(text, "--cache-remote"));

        Assert.Equal([message], error.Lines);
    }

    [Fact]
    public void Written_back_as_a_url()
    {
        Assert.Equal("redis://127.0.0.1:6380/3", new RemoteCacheAddress("127.0.0.1", 6380, 3).ToString());
        Assert.Equal("redis://[::1]:6379", new RemoteCacheAddress("::1", 6379, 0).ToString());
    }
}
