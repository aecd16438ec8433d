using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Disk.Imaging;

namespace Flashsmith.Cli.Commands;

/// <summary>Opens images named on the command line; an unreadable one is bad input naming the file.</summary>
public static class ImageInputs
{
    public static FileStream Open(FileInfo image)
    {
        if (!image.Exists)
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"{image.FullName} does not exist");
        }

        return new FileStream(image.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    public static DiskReport Inspect(FileInfo image, Stream stream, bool checkFiles = true)
    {
        try
        {
            return DiskInspector.Inspect(stream, checkFiles);
        }
        catch (Exception ex) when (ex is InvalidDiskImageException or EndOfStreamException)
        {
            throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{image.Name}: {ex.Message}");
        }
    }
}
