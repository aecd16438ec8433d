using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Flashsmith.TestSupport;

/// <summary>
/// Boots a disk image under QEMU with OVMF (software emulation: KVM may be present but unusable) and
/// returns the serial console. The boot ends when the core powers off, or when the firmware refuses
/// the image, which it never leaves on its own, or at the timeout.
/// </summary>
public static class QemuBoot
{
    public const string Code = Flashsmith.Boot.QemuBoot.Code;
    public const string Vars = Flashsmith.Boot.QemuBoot.Vars;
    /// <summary>QEMU's default CPU with AMD SVM and nested paging, as <c>flashsmith boot</c> gives it; a later <c>-cpu</c> in the devices overrides it.</summary>
    public const string Cpu = Flashsmith.Boot.QemuBoot.Cpu;

    private static readonly Regex Refusal = new("Access Denied|Security Violation|No bootable option|THINVISOR HALT|THINVISOR READY|ENROLL DONE", RegexOptions.Compiled);

    public sealed record Result(string Console, bool TimedOut)
    {
        public IReadOnlyList<string> Lines(string prefix) =>
            Console.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    public static Result BootDisk(string image, params string[] extra) =>
        Boot(["-drive", $"format=raw,file={image},if=none,id=d0,snapshot=on", "-device", "ide-hd,drive=d0,bootindex=0", .. extra]);

    public static Result BootUsb(string image, params string[] extra) =>
        Boot(["-device", "qemu-xhci,id=xhci", "-drive", $"if=none,id=stick,format=raw,file={image},snapshot=on", "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0", .. extra]);

    /// <summary>
    /// Boots with <paramref name="devices"/>. The firmware's variable store is a throw-away copy of
    /// <paramref name="vars"/>, unless <paramref name="keepVars"/> is set: then <paramref name="vars"/>
    /// itself is used, so that what the boot stores in it (enrolled keys) stays.
    /// </summary>
    public static Result Boot(IReadOnlyList<string> devices, string code = Code, string vars = Vars, IReadOnlyList<string>? machine = null, TimeSpan? timeout = null, bool keepVars = false)
    {
        var varsCopy = keepVars ? vars : Path.Combine(Path.GetTempPath(), $"flashsmith-vars-{Guid.NewGuid():N}.fd");
        if (!keepVars)
        {
            File.Copy(vars, varsCopy);
        }

        try
        {
            var start = new ProcessStartInfo(Flashsmith.Boot.QemuBoot.Emulator)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            string[] arguments =
            [
                .. machine ?? ["-machine", "q35"], "-accel", "tcg", "-cpu", Cpu, "-m", "256", "-nographic", "-nodefaults", "-no-user-config",
                "-serial", "stdio", "-monitor", "none", "-net", "none",
                "-drive", $"if=pflash,format=raw,unit=0,readonly=on,file={code}",
                "-drive", $"if=pflash,format=raw,unit=1,file={varsCopy}",
                .. devices,
            ];
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var console = new StringBuilder();
            var finished = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    finished.TrySetResult();
                    return;
                }

                lock (console)
                {
                    console.AppendLine(e.Data.Replace("\r", string.Empty, StringComparison.Ordinal));
                }

                if (Refusal.IsMatch(e.Data))
                {
                    // The core powers off by itself after READY or HALT; a refusal would wait forever.
                    _ = Task.Delay(e.Data.Contains("THINVISOR", StringComparison.Ordinal) || e.Data.Contains("ENROLL", StringComparison.Ordinal) ? 3000 : 0).ContinueWith(_ => Kill(process), TaskScheduler.Default);
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (console)
                    {
                        console.AppendLine(e.Data);
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var timedOut = !process.WaitForExit(timeout ?? TimeSpan.FromSeconds(90));
            if (timedOut)
            {
                Kill(process);
                process.WaitForExit();
            }

            finished.Task.Wait(TimeSpan.FromSeconds(5));
            lock (console)
            {
                return new Result(console.ToString(), timedOut);
            }
        }
        finally
        {
            if (!keepVars)
            {
                File.Delete(varsCopy);
            }
        }
    }

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
