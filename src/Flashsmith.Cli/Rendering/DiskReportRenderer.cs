using System.Globalization;
using Flashsmith.Disk;
using Flashsmith.Disk.Imaging;
using Flashsmith.Payloads;
using Spectre.Console;

namespace Flashsmith.Cli.Rendering;

/// <summary>An inspected image for people: the partition table, then each volume's tree, with each initramfs's members under its file.</summary>
public static class DiskReportRenderer
{
    public static void Render(string name, DiskReport report, IReadOnlyList<InitramfsFile> initramfs, IAnsiConsole console)
    {
        var archives = initramfs.ToDictionary(f => (f.Partition.Index, f.Path));
        var table = report.Table;
        var title = table.Style == Disk.Partitions.PartitionStyle.Gpt
            ? $"{name}: {table.DiskSize}, GPT, disk GUID {table.DiskGuid}"
            : $"{name}: {table.DiskSize}, MBR, disk signature 0x{table.DiskSignature:x8}";
        var partitions = new Table().Title(Markup.Escape(title)).AddColumns("#", "Name", "Type", "Start", "Size", "GUID");
        foreach (var p in table.Partitions)
        {
            partitions.AddRow(
                p.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(p.Name),
                Markup.Escape(PartitionTypeNames.For(p)),
                p.Offset.ToOffsetString(),
                Markup.Escape(p.Size.ToString()),
                p.UniqueGuid == Guid.Empty ? "-" : p.UniqueGuid.ToString());
        }

        console.Write(partitions);
        foreach (var warning in table.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        foreach (var volume in report.Volumes)
        {
            var label = volume.Partition.Name.Length > 0 ? volume.Partition.Name : $"partition {volume.Partition.Index}";
            if (volume.Problem is not null)
            {
                console.MarkupLine($"[red]{Markup.Escape(label)}: damaged: {Markup.Escape(volume.Problem)}[/]");
                continue;
            }

            if (volume.Type is null)
            {
                console.MarkupLine($"{Markup.Escape(label)}: no file system");
                continue;
            }

            var header = $"{label}: {volume.Type.ToString()!.ToUpperInvariant()} \"{volume.Label}\", serial {volume.Serial >> 16:X4}-{volume.Serial & 0xFFFF:X4}, "
                + $"{new ByteSize(volume.ClusterSize).ToIecString().Replace(" bytes", "-byte", StringComparison.Ordinal)} clusters, used {new ByteSize(volume.UsedBytes)}, free {new ByteSize(volume.FreeBytes)}";
            var tree = new Tree(Markup.Escape(header));
            var nodes = new Dictionary<string, IHasTreeNodes>(StringComparer.Ordinal) { [string.Empty] = tree };
            foreach (var entry in volume.Entries)
            {
                var parent = entry.Path[..entry.Path.LastIndexOf('/')];
                var leaf = entry.Path[(entry.Path.LastIndexOf('/') + 1)..];
                archives.TryGetValue((volume.Partition.Index, entry.Path), out var archive);
                var text = entry.IsDirectory ? Markup.Escape(leaf) + "/"
                    : archive is null ? $"{Markup.Escape(leaf)} [grey]{entry.Size.ToString(CultureInfo.InvariantCulture)} bytes[/]"
                    : $"{Markup.Escape(leaf)} [grey]{entry.Size.ToString(CultureInfo.InvariantCulture)} bytes, initramfs of {Members(archive.Entries.Count)}[/]";
                var node = (nodes.TryGetValue(parent, out var owner) ? owner : tree).AddNode(text);
                if (entry.IsDirectory)
                {
                    nodes[entry.Path] = node;
                }

                foreach (var member in archive?.Entries ?? [])
                {
                    node.AddNode(Member(member));
                }
            }

            console.Write(tree);
        }
    }

    /// <summary>
    /// One member on one line, its path as the archive stores it (as cpio -t lists it): "etc/", "init",
    /// "bin/sh -> busybox", then in grey its mode, owner and size or device. Control characters, which a name in
    /// an archive may hold (a newline, an escape sequence), are shown as '?', as ls shows them.
    /// </summary>
    private static string Member(InitramfsEntry member)
    {
        var details = $"{CpioModeText.Permissions(member)} {CpioModeText.Owner(member)}";
        var (shown, more) = member.Type switch
        {
            CpioFileType.Directory => (member.Path + "/", string.Empty),
            CpioFileType.RegularFile => (member.Path, string.Create(CultureInfo.InvariantCulture, $" {member.Size} bytes")),
            CpioFileType.SymbolicLink => ($"{member.Path} -> {member.LinkTarget}", string.Empty),
            CpioFileType.CharacterDevice or CpioFileType.BlockDevice => (member.Path, string.Create(CultureInfo.InvariantCulture, $" {CpioModeText.Type(member)} {member.DeviceMajor}:{member.DeviceMinor}")),
            _ => (member.Path, " " + CpioModeText.Type(member)),
        };
        return $"{Markup.Escape(Printable(shown))} [grey]{details}{more}[/]";
    }

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    private static string Members(int count) => count == 1 ? "1 member" : string.Create(CultureInfo.InvariantCulture, $"{count} members");
}
