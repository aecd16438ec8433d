using System.CommandLine;
using System.Globalization;
using Flashsmith.Boot;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;

namespace Flashsmith.Cli.Commands;

/// <summary>
/// <c>flashsmith boot TARGET</c>: boots an image or a key under QEMU with OVMF (TCG, an e1000, the serial
/// console to the terminal, a software TPM with <c>--tpm</c>); exit 0 at READY, 4 at HALT or a refused boot, 5 when QEMU or OVMF is missing.
/// The READY and HALT lines are those the manifest of the bank that boots next names (<c>boot.ready</c> and
/// <c>boot.halt</c> of its recipe), so that a core that is not ours, such as Xen, ends the boot too.
/// </summary>
public static class BootCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var target = new Argument<string>("TARGET") { Description = "An image file, a key file or a key device" };
        var usb = new Option<bool>("--usb") { Description = "Attach it as a USB stick (xHCI) instead of a SATA disk" };
        var secureBoot = new Option<bool>("--secure-boot") { Description = "Boot with Secure Boot enforced (OVMF_CODE_4M.secboot.fd); needs --vars with the keys enrolled" };
        var vars = new Option<FileInfo?>("--vars") { Description = "The OVMF variable store to start from (a copy is used); with --secure-boot, one with PK, KEK and db enrolled", HelpName = "FILE" };
        var tpm = new Option<bool>("--tpm") { Description = "Give the machine a TPM 2.0 (swtpm, a tpm-crb device), so that the loader measures the bank it boots" };
        var persist = new Option<bool>("--persist") { Description = "Keep what the boot writes (the banks' boot state) on TARGET; without it the boot runs on a snapshot" };
        var timeout = new Option<int>("--timeout") { Description = "Give up after this many seconds", DefaultValueFactory = _ => 90, HelpName = "S" };
        var memory = new Option<string>("--memory")
        {
            Description = $"The machine's memory, in whole MiB from {BootRequest.MinMemory.ToIecString()} to {BootRequest.MaxMemory.ToIecString()}; Xen with a Linux dom0 wants 1GiB",
            DefaultValueFactory = _ => Compact(BootRequest.DefaultMemory),
            HelpName = "SIZE",
        };
        var command = new Command("boot", "Boot an image or a key under QEMU with OVMF and show its serial console, until the READY or HALT line the boot bank's manifest names")
        {
            target, usb, secureBoot, vars, tpm, persist, timeout, memory,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(secureBoot) && result.GetValue(vars) is null)
            {
                throw new BadInputException(DiagnosticCodes.Usage, "--secure-boot needs --vars FILE: an OVMF variable store with your PK, KEK and db enrolled");
            }

            if (result.GetValue(timeout) <= 0)
            {
                throw new BadInputException(DiagnosticCodes.Usage, $"--timeout must be a positive number of seconds, not {result.GetValue(timeout)}");
            }

            var size = Memory(result.GetValue(memory)!);
            if (result.GetValue(vars) is { } file && !file.Exists)
            {
                throw new BadInputException(DiagnosticCodes.InputMissing, $"the variable store {file.FullName} does not exist");
            }

            var request = new BootRequest(result.GetValue(target)!)
            {
                Usb = result.GetValue(usb),
                SecureBoot = result.GetValue(secureBoot),
                Vars = result.GetValue(vars)?.FullName,
                Persist = result.GetValue(persist),
                Tpm = result.GetValue(tpm),
                Timeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
                Memory = size,
                ExtraArguments = ["-device", "e1000"],
            };
            var output = environment.Output.Profile.Out.Writer;
            var boot = QemuBoot.Run(request, line => output.WriteLine(line), CancellationToken.None);
            var name = request.Disk;
            switch (boot.Outcome)
            {
                case BootOutcome.Ready:
                    return ExitCodes.Success;
                case BootOutcome.Halted:
                    environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.BootFailed, $"{name}: the boot halted: {boot.EndLine}"));
                    return ExitCodes.VerificationFailed;
                case BootOutcome.Refused:
                    environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.BootFailed, $"{name}: the firmware started nothing from it: {boot.EndLine} (Secure Boot refused its loader, or it holds no EFI loader the firmware can find)"));
                    return ExitCodes.VerificationFailed;
                case BootOutcome.Stopped:
                    environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.BootFailed, $"{name}: QEMU stopped before the boot reached READY or HALT (a shutdown, or a crash of the machine or of QEMU); the console above ends where it stopped"));
                    return ExitCodes.VerificationFailed;
                default:
                    environment.Error.WriteLine(new Diagnostic(DiagnosticCodes.BootFailed, string.Create(CultureInfo.InvariantCulture, $"{name}: the boot did not reach READY within {result.GetValue(timeout)} s")));
                    return ExitCodes.VerificationFailed;
            }
        });
        return command;
    }

    /// <summary>The size <c>--memory</c> gives, or bad usage saying what is wrong with it.</summary>
    public static ByteSize Memory(string text)
    {
        if (!ByteSize.TryParse(text, out var size))
        {
            throw new BadInputException(DiagnosticCodes.Usage, $"--memory must be a size such as 1GiB or 1024MiB, not '{text}'");
        }

        if (!size.IsMultipleOf(BootRequest.MemoryUnit))
        {
            throw new BadInputException(DiagnosticCodes.Usage, $"--memory must be a whole number of MiB, such as 1GiB or 1024MiB, not {text} ({size.Bytes} bytes)");
        }

        if (size < BootRequest.MinMemory || size > BootRequest.MaxMemory)
        {
            throw new BadInputException(DiagnosticCodes.Usage, $"--memory must be from {BootRequest.MinMemory.ToIecString()} to {BootRequest.MaxMemory.ToIecString()}, not {text}");
        }

        return size;
    }

    /// <summary>"256MiB": a size as it is typed.</summary>
    private static string Compact(ByteSize size) => size.ToIecString().Replace(" ", string.Empty, StringComparison.Ordinal);
}
