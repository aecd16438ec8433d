using System.CommandLine;
using Flashsmith.Cli.Rendering;
using Flashsmith.Diagnostics;
using Flashsmith.Payloads;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith inspect IMAGE</c>: the partition table, each FAT volume's tree and the members of each initramfs in it.</summary>
public static class InspectCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var image = new Argument<FileInfo>("IMAGE") { Description = "A disk image" };
        var json = CommonOptions.Json();
        var command = new Command("inspect", "Show an image's partitions, each FAT volume's files, sizes and free space, and what each initramfs holds") { image, json };
        command.SetAction(result =>
        {
            var file = result.GetValue(image)!;
            using var stream = ImageInputs.Open(file);
            var report = ImageInputs.Inspect(file, stream);
            var initramfs = InitramfsListing.Find(stream, report);
            if (result.GetValue(json))
            {
                environment.Output.Profile.Out.Writer.WriteLine(DiskReportJson.Write(report, initramfs));
            }
            else
            {
                DiskReportRenderer.Render(file.Name, report, initramfs, environment.Output);
            }

            if (report.IsDamaged)
            {
                var lines = report.Volumes.Where(v => v.Problem is not null).Select(v => $"{file.Name}: partition '{v.Partition.Name}': {v.Problem}").ToList();
                foreach (var line in lines)
                {
                    environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.ImageUnreadable, line));
                }

                return ExitCodes.BadInput;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
