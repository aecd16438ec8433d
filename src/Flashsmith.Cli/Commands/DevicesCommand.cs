using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Devices;
using Flashsmith.Provisioning;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith devices</c>: the disks a key could be written to, and why each would be refused.</summary>
public static class DevicesCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var image = new Option<FileInfo?>("--image") { Description = "Also check each disk against this image: its size, and whether the disk holds it", HelpName = "IMAGE" };
        var all = new Option<bool>("--all") { Description = "Also list virtual devices: loop, ram, zram, device-mapper and md" };
        var json = CommonOptions.Json();
        var command = new Command("devices", "List the disks a key can be written to, with the verdict of the safety checks for each") { image, all, json };
        command.SetAction(result => Run(environment, result.GetValue(image), result.GetValue(all), result.GetValue(json)));
        return command;
    }

    private static int Run(CliEnvironment environment, FileInfo? imageFile, bool all, bool json)
    {
        var devices = BlockDevices.Host;
        var image = imageFile is null ? null : ProvisionImage.Locate(imageFile.FullName, devices);
        var verdicts = devices.List(all).Select(d => DeviceSafety.Check(ProvisionTarget.ForDevice(d), image, [])).ToList();
        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(DevicesJson.Write(image, verdicts));
        }
        else
        {
            DevicesRenderer.Render(image, verdicts, all, environment.Output);
        }

        return ExitCodes.Success;
    }
}
