using System.ComponentModel;
using System.Diagnostics;
using Flashsmith.Diagnostics;

namespace Flashsmith.Boot;

/// <summary>
/// A TPM 2.0 for one boot: <c>swtpm</c> on a Unix socket with its state in a temporary folder, which QEMU's
/// <c>tpm-crb</c> device reaches through a character device (<see cref="QemuArguments"/>). Each boot gets a fresh
/// TPM, its PCRs at their reset values. swtpm ends when QEMU closes the socket; disposing ends it in any case and
/// removes its folder.
/// </summary>
public sealed class SoftwareTpm : IDisposable
{
    public const string Program = "swtpm";

    private readonly Process process;
    private readonly string folder;

    private SoftwareTpm(Process process, string folder, string socket)
    {
        this.process = process;
        this.folder = folder;
        Socket = socket;
    }

    /// <summary>The Unix socket QEMU connects to.</summary>
    public string Socket { get; }

    /// <summary>QEMU's arguments for a CRB interface TPM, the kind OVMF's TCG2 support and Linux's tpm_crb drive.</summary>
    public IReadOnlyList<string> QemuArguments =>
        ["-chardev", $"socket,id=chrtpm,path={Socket}", "-tpmdev", "emulator,id=tpm0,chardev=chrtpm", "-device", "tpm-crb,tpmdev=tpm0"];

    /// <summary>Starts swtpm and waits for its socket; a missing swtpm is bad input saying what to install.</summary>
    public static SoftwareTpm Start()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"flashsmith-tpm-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var socket = Path.Combine(folder, "swtpm.sock");
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "socket", "--tpm2", "--tpmstate", $"dir={folder}", "--ctrl", $"type=unixio,path={socket}", "--flags", "startup-clear" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            Directory.Delete(folder, recursive: true);
            throw new BadInputException(DiagnosticCodes.BootFailed, $"{Program} is missing: install it (apt-get install swtpm)");
        }

        var tpm = new SoftwareTpm(process, folder, socket);
        var waited = Stopwatch.StartNew();
        while (!File.Exists(socket))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                var said = process.HasExited ? process.StandardError.ReadToEnd().Trim() : "no socket after 10 s";
                tpm.Dispose();
                throw new BadInputException(DiagnosticCodes.BootFailed, $"{Program} did not start: {said}");
            }

            Thread.Sleep(20);
        }

        return tpm;
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temporary folder cleaning.
        }
    }
}
