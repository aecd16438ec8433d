using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Text;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;

namespace Flashsmith.Boot;

/// <summary>
/// Boots a disk under QEMU with OVMF, as the firmware of a server would, and reads the serial console.
/// Software emulation only (TCG): KVM may be present but unusable, and OVMF then hangs. The boot ends when
/// the core powers off after READY or HALT, when the firmware refuses the disk (it never leaves that prompt
/// on its own), or at the timeout.
/// </summary>
public static partial class QemuBoot
{
    public const string Emulator = "qemu-system-x86_64";
    public const string Code = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    public const string SecureCode = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd";
    public const string Vars = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    /// <summary>
    /// The emulated CPU: QEMU's default model with AMD SVM and nested paging, which TCG emulates, so that the
    /// core runs its guests. A later <c>-cpu</c> among the extra arguments (such as <c>qemu64,-svm</c>) overrides it.
    /// </summary>
    public const string Cpu = "qemu64,+svm,+npt";

    /// <summary>How long the core gets to power off by itself after READY or HALT.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <summary>Boots <paramref name="request"/>; every console line goes to <paramref name="onLine"/> as it comes. Missing QEMU or OVMF is bad input (as a missing compiler is for a build) saying what to install.</summary>
    public static BootResult Run(BootRequest request, Action<string>? onLine, CancellationToken cancellation)
    {
        var code = request.SecureBoot ? SecureCode : Code;
        var missing = new[] { code, request.Vars ?? Vars }.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            throw new BadInputException(DiagnosticCodes.BootFailed, $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} missing: install OVMF (apt-get install ovmf)");
        }

        if (!File.Exists(request.Disk) && !DeviceFile.IsBlock(request.Disk))
        {
            throw new BadInputException(DiagnosticCodes.InputMissing, $"{Path.GetFullPath(request.Disk)} does not exist");
        }

        var vars = request.KeepVars ? request.Vars! : Path.Combine(Path.GetTempPath(), $"flashsmith-vars-{Environment.ProcessId}-{Guid.NewGuid():N}.fd");
        if (!request.KeepVars)
        {
            File.Copy(request.Vars ?? Vars, vars);
        }

        SoftwareTpm? tpm = null;
        try
        {
            tpm = request.Tpm ? SoftwareTpm.Start() : null;
            var arguments = Arguments(request, code, vars);
            return Boot(tpm is null ? arguments : [.. arguments, .. tpm.QemuArguments], request.Patterns ?? PatternsOf(request.Disk), request.Timeout, onLine, cancellation);
        }
        finally
        {
            tpm?.Dispose();
            if (!request.KeepVars)
            {
                File.Delete(vars);
            }
        }
    }

    /// <summary>The QEMU command line, as an argument list.</summary>
    public static IReadOnlyList<string> Arguments(BootRequest request, string code, string vars)
    {
        var snapshot = request.Persist ? string.Empty : ",snapshot=on";
        var disk = Path.GetFullPath(request.Disk);
        if (disk.Contains(',', StringComparison.Ordinal))
        {
            throw new BadInputException(DiagnosticCodes.BootFailed, $"{disk}: QEMU cannot be given a path with a comma in it; copy or link the disk elsewhere");
        }

        string[] drive = request.Usb
            ? ["-device", "qemu-xhci,id=xhci", "-drive", $"if=none,id=stick,format=raw,file={disk}{snapshot}", "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0"]
            : ["-drive", $"format=raw,file={disk},if=none,id=d0{snapshot}", "-device", "ide-hd,drive=d0,bootindex=0"];
        string[] secure = request.SecureBoot ? ["-global", "driver=cfi.pflash01,property=secure,value=on"] : [];
        return
        [
            "-machine", request.SecureBoot ? "q35,smm=on" : "q35", "-accel", "tcg", "-cpu", Cpu, "-m", request.Memory.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "B", "-nographic", "-nodefaults", "-no-user-config",
            "-serial", "stdio", "-monitor", "none", "-net", "none",
            .. secure,
            "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={code}",
            "-drive", $"if=pflash,format=raw,unit=1,file={vars}",
            .. drive,
            .. request.ExtraArguments,
        ];
    }

    /// <summary>The console lines that end a boot of <paramref name="disk"/>: those of the bank that boots next, else our core's.</summary>
    public static BootPatterns PatternsOf(string disk)
    {
        try
        {
            using var stream = DeviceStream.OpenRead(disk);
            return BankReader.Peek(stream).Next?.Boot ?? BootPatterns.Default;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Disk.InvalidDiskImageException or BadInputException)
        {
            // A disk that cannot be read as an image still boots; the firmware says what it makes of it.
            return BootPatterns.Default;
        }
    }

    private static BootResult Boot(IReadOnlyList<string> arguments, BootPatterns patterns, TimeSpan timeout, Action<string>? onLine, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(Emulator)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
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
            throw new BadInputException(DiagnosticCodes.BootFailed, $"{Emulator} is missing: install QEMU (apt-get install qemu-system-x86)");
        }

        using (process)
        {
            var console = new StringBuilder();
            var outcome = BootOutcome.TimedOut;
            string? endLine = null;
            var gate = new Lock();
            var done = new TaskCompletionSource();
            var errorsDone = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    done.TrySetResult();
                    return;
                }

                var line = e.Data.Replace("\r", string.Empty, StringComparison.Ordinal);
                var ended = End(line, patterns);
                lock (gate)
                {
                    console.AppendLine(line);
                    if (ended is { } end && outcome == BootOutcome.TimedOut)
                    {
                        outcome = end;
                        endLine = line.Trim();
                        _ = Task.Delay(end == BootOutcome.Refused ? TimeSpan.Zero : Grace, CancellationToken.None).ContinueWith(_ => Kill(process), TaskScheduler.Default);
                    }
                }

                onLine?.Invoke(line);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    errorsDone.TrySetResult();
                }
                else
                {
                    lock (gate)
                    {
                        console.AppendLine(e.Data);
                    }

                    onLine?.Invoke(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var stoppedByItself = true;
            using (cancellation.Register(() => Kill(process)))
            {
                if (!process.WaitForExit(timeout))
                {
                    stoppedByItself = false;
                    Kill(process);
                    process.WaitForExit();
                }
            }

            // Both streams to their end: what QEMU says as it stops (a fatal error, a signal) belongs in the console.
            Task.WhenAll(done.Task, errorsDone.Task).Wait(TimeSpan.FromSeconds(5), CancellationToken.None);
            cancellation.ThrowIfCancellationRequested();
            lock (gate)
            {
                return new BootResult(console.ToString(), outcome == BootOutcome.TimedOut && stoppedByItself ? BootOutcome.Stopped : outcome, endLine);
            }
        }
    }

    private static BootOutcome? End(string line, BootPatterns patterns) =>
        Matches(patterns.Ready, line) ? BootOutcome.Ready
        : Matches(patterns.Halt, line) ? BootOutcome.Halted
        : Refusal().IsMatch(line) ? BootOutcome.Refused
        : null;

    private static bool Matches(Regex pattern, string line)
    {
        try
        {
            return pattern.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // With nothing on the disk it can start, OVMF falls through to its built-in shell, which waits at a prompt.
    [GeneratedRegex("Access Denied|Security Violation|No bootable option|BdsDxe: loading Boot[0-9A-F]{4} \"EFI Internal Shell\"")]
    private static partial Regex Refusal();

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
