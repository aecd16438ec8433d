using Flashsmith.Diagnostics;
using Flashsmith.TestSupport;
using Flashsmith.Toolchains;

namespace Flashsmith.Tests.Toolchains;

public sealed class MachineConfigTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Option_wins_over_variable_which_wins_over_the_config_file()
    {
        Config("cache:\n  remote: redis://from-file:6379\n");

        Assert.Equal("from-file", MachineConfig.RemoteCache(null, Variables())!.Host);
        Assert.Equal("from-variable", MachineConfig.RemoteCache(null, Variables("redis://from-variable"))!.Host);
        Assert.Equal("from-option", MachineConfig.RemoteCache("redis://from-option", Variables("redis://from-variable"))!.Host);
        Assert.Null(MachineConfig.RemoteCache("none", Variables("redis://from-variable")));
    }

    [Fact]
    public void No_config_file_and_no_variable_means_no_remote()
    {
        Assert.Null(MachineConfig.RemoteCache(null, Variables()));
        Assert.Equal(temp.File("config/flashsmith/config.yaml"), MachineConfig.FilePath(Variables()));
        Assert.Equal("/home/someone/.config/flashsmith/config.yaml", MachineConfig.FilePath(n => n == "HOME" ? "/home/someone" : null));
    }

    [Fact]
    public void Config_file_problems_give_their_position()
    {
        var file = Config("cache:\n  remote: http://x\n  remtoe: redis://y\n");

        var bad = Assert.Throws<BadInputException>(() => MachineConfig.RemoteCache(null, Variables()));

        Assert.Equal([$"{file}:3:3: error FS4005: unknown setting 'cache.remtoe'; the settings are: cache.remote"], bad.Lines);
        Config("cache:\n  remote: http://x\n");
        var value = Assert.Throws<BadInputException>(() => MachineConfig.RemoteCache(null, Variables()));
        Assert.Equal([$"error FS4006: {file}:2:11: cache.remote is 'http://x'; it must be redis://HOST:PORT[/DB], or 'none'"], value.Lines);
    }

    private string Config(string text)
    {
        var file = temp.File("config/flashsmith/config.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    private Func<string, string?> Variables(string? remote = null) => name => name switch
    {
        "XDG_CONFIG_HOME" => temp.File("config"),
        "FLASHSMITH_CACHE_REMOTE" => remote,
        _ => null,
    };
}
