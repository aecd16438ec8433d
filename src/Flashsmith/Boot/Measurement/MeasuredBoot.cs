using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Flashsmith.Boot.Measurement;

/// <summary>
/// What the loader measures into the TPM when it boots a bank (<c>src/firmware/loader/measure.c</c>), as the list of events
/// it logs: the one home of that rule on this side, from which <c>flashsmith pcr</c> predicts the PCR, as systemd-measure
/// predicts PCR 11 for a unified kernel image. In order:
/// <list type="number">
/// <item>the bank-choice event: <c>EV_EVENT_TAG</c> with ID <see cref="BankEventId"/> and the text <c>bank=&lt;name&gt; reason=newest</c>
/// (or <c>reason=fallback from=&lt;bank&gt;:&lt;why&gt;,…</c> after banks were given up in the same boot), digest over the whole tagged event;</item>
/// <item><c>boot.cfg</c> less its <c>bootstate=</c> lines, which change as the bank is tried and committed;</item>
/// <item><c>manifest.txt</c>, the core (<c>kernel=</c>), and each file the manifest's <c>module=</c>, <c>guest=</c> and <c>file=</c>
/// lines name, in manifest order; a file that cannot be read (missing, over 16 MiB, a path over 63 characters) is left out;</item>
/// </list>
/// each but the first an <c>EV_IPL</c> event whose data is <c>&lt;bank&gt;:/&lt;path&gt;</c> and whose digest is the SHA-256 of the bytes.
/// The TPM extends each digest: PCR = SHA-256(PCR ‖ digest).
/// </summary>
public static class MeasuredBoot
{
    /// <summary>
    /// The PCR the loader extends: 15, which no firmware, shim, GRUB, Linux EFI stub or systemd-stub extends before a core
    /// starts (docs/measured-boot.md). The loader's <c>TV_PCR</c> (<c>src/firmware/include/tv_tcg2.h</c>) is the same number.
    /// </summary>
    public const int Pcr = 15;

    /// <summary>The TaggedEventID of the bank-choice event: "TVBK" as a little-endian number.</summary>
    public const uint BankEventId = 0x4b425654;

    /// <summary>EV_EVENT_TAG (TCG PC Client Platform Firmware Profile, 10.4.1).</summary>
    public const uint EventTag = 0x6;

    /// <summary>EV_IPL.</summary>
    public const uint Ipl = 0xd;

    /// <summary>The reason of the bank-choice event when no bank was given up before it.</summary>
    public const string Newest = "newest";

    /// <summary>The longest file path the loader reads from a bank (its file protocol names here).</summary>
    public const int PathLimit = 63;

    /// <summary>The largest file the loader reads from a bank.</summary>
    public const long FileLimit = 16L << 20;

    private const string ManifestPath = "/manifest.txt";
    private static readonly string[] ManifestFileKeys = ["module=", "guest=", "file="];

    /// <summary>
    /// The events of a boot of <paramref name="bank"/>, whose files <paramref name="read"/> gives by path from the bank's root
    /// (<c>/boot.cfg</c>; null when missing). <paramref name="fallbacks"/> are the banks given up before it in the same boot, each
    /// <c>(bank, why)</c> as the loader prints them in <c>THINVISOR FALLBACK</c>.
    /// </summary>
    public static BankMeasurement Measure(string bank, Func<string, byte[]?> read, IReadOnlyList<(string Bank, string Reason)>? fallbacks = null)
    {
        var config = read("/" + BootConfig.FileName);
        var manifest = Read(read, ManifestPath);
        var version = manifest is null ? null : BankManifest.Parse(manifest).Values.GetValueOrDefault("version");
        var events = new List<MeasuredEvent> { Choice(bank, fallbacks ?? []) };
        if (config is null)
        {
            return new BankMeasurement(bank, version, events, $"it has no {BootConfig.FileName}");
        }

        var kernel = Kernel(config);
        if (kernel.Length == 0)
        {
            return new BankMeasurement(bank, version, events, "its boot.cfg names no kernel= (the loader gives it up)");
        }

        if (KernelOptionsProblem(config) is { } options)
        {
            return new BankMeasurement(bank, version, events, $"its kernelopt= {options} (the loader gives it up)");
        }

        var core = read(kernel);
        if (core is null)
        {
            return new BankMeasurement(bank, version, events, $"its core {kernel} is missing (the loader gives it up)");
        }

        events.Add(File(bank, "/" + BootConfig.FileName, WithoutState(config)));
        if (manifest is not null)
        {
            events.Add(File(bank, ManifestPath, manifest));
        }

        if (core.LongLength <= FileLimit)
        {
            events.Add(File(bank, kernel, core));
        }
        foreach (var path in manifest is null ? [] : ManifestFiles(manifest))
        {
            if (Read(read, path) is { } bytes)
            {
                events.Add(File(bank, path, bytes));
            }
        }

        return new BankMeasurement(bank, version, events, null);
    }

    /// <summary>The PCR's SHA-256 value after <paramref name="events"/>, from all zeros.</summary>
    public static byte[] Replay(IEnumerable<MeasuredEvent> events)
    {
        var pcr = new byte[SHA256.HashSizeInBytes];
        foreach (var e in events)
        {
            pcr = SHA256.HashData([.. pcr, .. e.Digest]);
        }

        return pcr;
    }

    /// <summary>The text of the bank-choice event.</summary>
    public static string ChoiceText(string bank, IReadOnlyList<(string Bank, string Reason)> fallbacks) =>
        fallbacks.Count == 0
            ? $"bank={bank} reason={Newest}"
            : $"bank={bank} reason=fallback from={string.Join(',', fallbacks.Select(f => $"{f.Bank}:{f.Reason}"))}";

    /// <summary>The bank-choice event: TCG_PCClientTaggedEvent (ID, data size, data), hashed whole.</summary>
    private static MeasuredEvent Choice(string bank, IReadOnlyList<(string Bank, string Reason)> fallbacks)
    {
        var text = ChoiceText(bank, fallbacks);
        var data = Encoding.ASCII.GetBytes(text);
        var tagged = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(tagged, BankEventId);
        BinaryPrimitives.WriteUInt32LittleEndian(tagged.AsSpan(4), (uint)data.Length);
        data.CopyTo(tagged, 8);
        return new MeasuredEvent(EventTag, text, SHA256.HashData(tagged));
    }

    private static MeasuredEvent File(string bank, string path, byte[] bytes) => new(Ipl, $"{bank}:{path}", SHA256.HashData(bytes));

    /// <summary>A file as the loader reads it: null when missing, too large, or named by a path longer than it takes.</summary>
    private static byte[]? Read(Func<string, byte[]?> read, string path) =>
        path.Length - 1 > PathLimit ? null : read(path) is { LongLength: <= FileLimit } bytes ? bytes : null;

    /// <summary>boot.cfg's first kernel= value, as the loader takes it: up to the line's end, at most 63 characters, as a path from the root.</summary>
    private static string Kernel(byte[] config)
    {
        foreach (var line in Lines(config))
        {
            if (line.StartsWith(BootConfig.KernelKey + "=", StringComparison.Ordinal))
            {
                var value = line[(BootConfig.KernelKey.Length + 1)..].TrimEnd('\r');
                value = value[..Math.Min(value.Length, PathLimit)].Replace('\\', '/').TrimStart('/');
                return value.Length == 0 ? string.Empty : "/" + value;
            }
        }

        return string.Empty;
    }

    /// <summary>Why the loader refuses boot.cfg's first kernelopt= (over 1024 characters, or one not printable ASCII), or null.</summary>
    private static string? KernelOptionsProblem(byte[] config)
    {
        const int Limit = 1024;
        var line = Lines(config).FirstOrDefault(l => l.StartsWith(BootConfig.KernelOptionsKey + "=", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var value = line[(BootConfig.KernelOptionsKey.Length + 1)..];
        var end = value.IndexOf('\r', StringComparison.Ordinal);
        value = end < 0 ? value : value[..end];
        return value.Length > Limit ? $"is longer than {Limit} characters"
            : value.Any(c => c is < (char)0x20 or > (char)0x7e) ? "holds a character that is not printable ASCII"
            : null;
    }

    /// <summary>boot.cfg less every line that starts with <c>bootstate=</c>, each line with its newline.</summary>
    private static byte[] WithoutState(byte[] config)
    {
        var prefix = Encoding.ASCII.GetBytes(BootConfig.StateKey + "=");
        var kept = new List<byte>(config.Length);
        for (var at = 0; at < config.Length;)
        {
            var newline = Array.IndexOf(config, (byte)'\n', at);
            var end = newline < 0 ? config.Length : newline + 1;
            if (!config.AsSpan(at, end - at).StartsWith(prefix))
            {
                kept.AddRange(config.AsSpan(at, end - at));
            }

            at = end;
        }

        return [.. kept];
    }

    /// <summary>The paths of the manifest's module=, guest= and file= lines: each value up to its first space, from the root.</summary>
    private static IEnumerable<string> ManifestFiles(byte[] manifest)
    {
        foreach (var line in Lines(manifest))
        {
            foreach (var key in ManifestFileKeys)
            {
                if (line.StartsWith(key, StringComparison.Ordinal) && line.Length > key.Length)
                {
                    var value = line[key.Length..].TrimEnd('\r');
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    var path = space < 0 ? value : value[..space];
                    var cut = path.IndexOf('\r', StringComparison.Ordinal);
                    path = cut < 0 ? path : path[..cut];
                    if (path.Length > 0)
                    {
                        yield return "/" + path;
                    }
                }
            }
        }
    }

    private static string[] Lines(byte[] text) => Encoding.Latin1.GetString(text).Split('\n');
}
