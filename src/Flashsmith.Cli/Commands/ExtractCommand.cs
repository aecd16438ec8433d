using System.CommandLine;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith extract IMAGE PARTITION:PATH -o DIR</c>: copies files or folders out of an image.</summary>
public static class ExtractCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var image = new Argument<FileInfo>("IMAGE") { Description = "A disk image" };
        var source = new Argument<string>("PARTITION:PATH") { Description = "The partition (name or number) and the file or folder in it, e.g. bootbank:/boot.cfg" };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "The folder to copy into (created when missing)", Required = true, HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist" };
        var command = new Command("extract", "Copy files or folders out of an image's FAT volume") { image, source, output, force };
        command.SetAction(result => Run(environment, result.GetValue(image)!, result.GetValue(source)!, result.GetValue(output)!, result.GetValue(force)));
        return command;
    }

    private static int Run(CliEnvironment environment, FileInfo image, string source, DirectoryInfo output, bool force)
    {
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new BadInputException(DiagnosticCodes.Usage, $"'{source}' is not PARTITION:PATH; write for example bootbank:/boot.cfg");
        }

        var partitionName = source[..colon];
        var path = source[(colon + 1)..];
        path = path.Length == 0 ? "/" : path;
        using var stream = ImageInputs.Open(image);
        var report = ImageInputs.Inspect(image, stream, checkFiles: false);
        var partition = report.Table.Find(partitionName)
            ?? throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{image.Name} has no partition '{partitionName}'; it has: {string.Join(", ", report.Table.Partitions.Select(p => p.Name.Length > 0 ? p.Name : p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)))}");
        try
        {
            var fs = DiskInspector.Open(stream, partition) ?? throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"partition '{partitionName}' of {image.Name} holds no file system");
            var count = FatExtractor.Extract(fs, path, output.FullName, force);
            environment.Output.MarkupLine($"extracted {count} file{(count == 1 ? string.Empty : "s")} to {Markup.Escape(output.FullName)}");
            return ExitCodes.Success;
        }
        catch (FileExistsException ex)
        {
            throw new BadInputException(DiagnosticCodes.OutputExists, $"{ex.Path} already exists; pass --force to overwrite it");
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{image.Name}: partition '{partitionName}': {ex.Message}");
        }
        catch (Exception ex) when (FileSystemErrors.IsFileSystemFailure(ex))
        {
            // A folder where a file goes (or a file where a folder goes) in the output, or a disk that fails.
            throw FileSystemErrors.Describe(ex, output.FullName, $"copying {partitionName}:{path} out of {image.Name} failed");
        }
    }
}
