namespace Flashsmith.Diagnostics;

/// <summary>
/// Turns a failed file operation into what it means for the user: a path they gave that cannot be
/// used is bad input (exit 2); a disk that is full or fails is a write failure (exit 5). Neither is a bug.
/// </summary>
public static class FileSystemErrors
{
    /// <summary>Whether <paramref name="exception"/> is a file-system failure that <see cref="Describe"/> explains.</summary>
    public static bool IsFileSystemFailure(Exception exception) =>
        exception is IOException or UnauthorizedAccessException && exception is not OperationCanceledException;

    /// <summary>The error for <paramref name="exception"/>, raised while doing <paramref name="action"/> on <paramref name="path"/>.</summary>
    public static FlashsmithException Describe(Exception exception, string path, string action)
    {
        var (reason, named) = Reason(exception);
        var line = $"{named ?? path}: {action}: {reason}";
        return exception switch
        {
            UnauthorizedAccessException => new BadInputException(DiagnosticCodes.OutputPath, $"{line}; choose a folder you may write"),
            DirectoryNotFoundException when FileInTheWay(path) is { } file => new BadInputException(DiagnosticCodes.OutputPath, $"{path}: {action}: {file} is a file, not a folder"),
            DirectoryNotFoundException or PathTooLongException => new BadInputException(DiagnosticCodes.OutputPath, line),
            IOException io when (io.HResult & 0xFFFF) is Errno.EPERM or Errno.EACCES or Errno.EROFS => new BadInputException(DiagnosticCodes.OutputPath, $"{line}; choose a folder you may write"),
            IOException io when (io.HResult & 0xFFFF) is Errno.EEXIST or Errno.ENOTDIR or Errno.EISDIR or Errno.ENAMETOOLONG => new BadInputException(DiagnosticCodes.OutputPath, line),
            _ => new DeviceFailedException(DiagnosticCodes.DiskFailed, line),
        };
    }

    /// <summary>The nearest existing ancestor of <paramref name="path"/> when it is a file: the reason no folder can be made there.</summary>
    private static string? FileInTheWay(string path)
    {
        for (var at = Path.GetDirectoryName(Path.GetFullPath(path)); at is not null; at = Path.GetDirectoryName(at))
        {
            if (File.Exists(at))
            {
                return at;
            }

            if (Directory.Exists(at))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The system's words for the failure, and the path .NET named in it, if any.</summary>
    private static (string Reason, string? Path) Reason(Exception exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        return cut > 0 && message.EndsWith('\'')
            ? (message[..cut].TrimEnd('.', ' '), message[(cut + 4)..^1])
            : (message.TrimEnd('.', ' '), null);
    }
}
