using System.Text.Json;
using Flashsmith.TestSupport;

namespace Flashsmith.Cli.Tests.Commands;

/// <summary>Lists the devices of this machine; the only ones made for the test are loop devices over files in a temporary folder.</summary>
public sealed class DevicesCommandTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void All_as_json_shows_a_loop_device_as_a_fixed_loop()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * MiB);

        var run = CliRun.Of("devices", "--all", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("image").ValueKind);
        var device = json.RootElement.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("path").GetString() == loop.Path);
        Assert.Equal(loop.Name, device.GetProperty("name").GetString());
        Assert.Equal("loop", device.GetProperty("transport").GetString());
        Assert.Equal(64 * MiB, device.GetProperty("sizeBytes").GetInt64());
        Assert.False(device.GetProperty("removable").GetBoolean());
        Assert.False(device.GetProperty("readOnly").GetBoolean());
        Assert.True(device.GetProperty("virtual").GetBoolean());
        Assert.Equal(loop.File, device.GetProperty("backingFile").GetString());
        Assert.Equal("refused", device.GetProperty("verdict").GetString());
        var reason = Assert.Single(device.GetProperty("reasons").EnumerateArray());
        Assert.Equal("fixed-disk", reason.GetProperty("code").GetString());
        Assert.Equal($"{loop.Path} is a fixed disk, not a removable one; if you mean it, name that exact device with --allow-fixed {loop.Path}", reason.GetProperty("message").GetString());
    }

    [Fact]
    public void Image_adds_the_size_check_to_each_verdict()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * MiB);
        var image = temp.File("big.img");
        using (var stream = File.Create(image))
        {
            stream.SetLength(128 * MiB);
        }

        var run = CliRun.Of("devices", "--all", "--image", image);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("against big.img, 128 MiB (134217728 bytes)", run.Output, StringComparison.Ordinal);
        var row = run.Output.Split('\n').Single(l => l.Contains($" {loop.Path} ", StringComparison.Ordinal));
        Assert.Contains(" 64 MiB ", row, StringComparison.Ordinal);
        Assert.Contains(" loop ", row, StringComparison.Ordinal);
        Assert.Contains("too small for big.img, fixed disk", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_all_loop_devices_are_not_listed_and_the_root_disk_is_refused()
    {
        using var loop = LoopDevice.Create(temp.File("key.img"), 64 * MiB);

        var run = CliRun.Of("devices", "--json");

        using var json = JsonDocument.Parse(run.Output);
        var devices = json.RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.DoesNotContain(devices, d => d.GetProperty("path").GetString() == loop.Path);
        Assert.Contains(devices, d => d.GetProperty("system").GetBoolean()
            && d.GetProperty("reasons").EnumerateArray().Any(r => r.GetProperty("code").GetString() == "system-disk"));
    }

    [Fact]
    public void Missing_image_is_bad_input()
    {
        var missing = temp.File("missing.img");

        var run = CliRun.Of("devices", "--image", missing);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error FS0003: the image {missing} does not exist\n", run.Error.ReplaceLineEndings("\n"));
        Assert.Empty(run.Output);
    }
}
