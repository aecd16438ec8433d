using Flashsmith.Boot;
using Flashsmith.Planning;
using Flashsmith.Recipes;

namespace Flashsmith.Pipeline;

/// <summary>
/// Decides what file goes where: the loader on the boot partition, and the core, boot.cfg, the driver
/// modules and the guests in the boot bank, each driver at every path its package installs, and each of the
/// recipe's files where it says. The files are as built or
/// collected; <see cref="SignStage"/> signs them and adds the manifest. A guest is a flat binary, not a PE image, so the
/// manifest's hash is what vouches for it.
/// </summary>
public static class PackStage
{
    public const string BootConfigFile = "/" + Boot.BootConfig.FileName;

    public static PackOutput Run(PackInput input)
    {
        var plan = input.Plan;
        var bank = plan.Layout.WithContents(PartitionContents.Bootbank).Name;
        var drivers = plan.Components.Where(c => c.Kind == ComponentKind.Driver).ToList();
        var core = plan.Components.Single(c => c.Kind == ComponentKind.Core);
        var loader = plan.Components.Single(c => c.Kind == ComponentKind.Loader);
        var files = new List<PackedFile>
        {
            new(loader.Partition, loader.PathInPartition, input.Loader, loader.Name),
            new(core.Partition, core.PathInPartition, input.Core, core.Name),
        };
        files.AddRange(drivers.SelectMany(d => d.Paths.Select(path => new PackedFile(d.Partition, path, input.Components[d.Name], d.Name))));
        var guests = plan.Components.Where(c => c.Kind == ComponentKind.Guest).ToList();
        files.AddRange(guests.Select(g => new PackedFile(g.Partition, g.PathInPartition, input.Components[g.Name], g.Name)));
        files.AddRange(plan.Components.Where(c => c.Kind == ComponentKind.File).Select(f => new PackedFile(f.Partition, f.PathInPartition, input.Components[f.Name], f.Name)));
        var bootConfig = BootConfig(plan, core, drivers, guests);
        files.Add(new PackedFile(bank, BootConfigFile, System.Text.Encoding.UTF8.GetBytes(bootConfig), null));
        return new PackOutput(files, bootConfig);
    }

    private static string BootConfig(BuildPlan plan, PlannedComponent core, IReadOnlyList<PlannedComponent> drivers, IReadOnlyList<PlannedComponent> guests) =>
        new Boot.BootConfig(BankState.Valid, OneLine(plan.Banner), plan.Version.ToString(), 1, core.PathInPartition, drivers.Select(d => d.PathInPartition.TrimStart('/')).ToList())
        {
            Guests = guests.Select(g => g.PathInPartition.TrimStart('/')).ToList(),
            KernelOptions = plan.CoreOptions,
        }.ToText();

    /// <summary>A value for a one-line key=value file: control characters become spaces.</summary>
    public static string OneLine(string text) => new(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
