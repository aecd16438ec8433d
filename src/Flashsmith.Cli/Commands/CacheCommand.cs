using System.CommandLine;
using System.Globalization;
using Flashsmith.Cache.Redis;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Recipes;
using Flashsmith.Toolchains;
using Spectre.Console;

namespace Flashsmith.Cli.Commands;

/// <summary><c>flashsmith cache stats|clear [--remote]</c>: what the local build cache (or the shared remote one) holds, or empty it.</summary>
public static class CacheCommand
{
    public static Option<DirectoryInfo?> LocalOption() => new("--cache") { Description = "The build cache (default: .flashsmith/cache in the project)", HelpName = "DIR" };

    public static Option<string?> RemoteOption() => new("--cache-remote")
    {
        Description = $"A Redis server shared as a second cache level, redis://HOST:PORT[/DB], or 'none' (default: {MachineConfig.CacheRemote.Variable}, else '{MachineConfig.CacheRemote.Key}' in ~/.config/flashsmith/config.yaml)",
        HelpName = "URL",
    };

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("cache", "Show what the build cache holds, or clear it; --remote for the shared Redis cache");
        command.Add(Verb(environment, "stats", "Show the entries and bytes of the local cache, or of the remote one with --remote", Stats));
        command.Add(Verb(environment, "clear", "Delete every entry of the local cache, or of the remote one with --remote (other keys on the server stay)", Clear));
        return command;
    }

    private static Command Verb(CliEnvironment environment, string name, string description, Func<CliEnvironment, Target, bool, Task<int>> action)
    {
        var remote = new Option<bool>("--remote") { Description = "The shared remote cache instead of the local one" };
        var local = LocalOption();
        var address = RemoteOption();
        var recipes = CommonOptions.Recipes();
        var json = CommonOptions.Json();
        var command = new Command(name, description) { remote, local, address, recipes, json };
        command.SetAction((result, _) =>
        {
            Target target;
            if (result.GetValue(remote))
            {
                target = new Target(null, MachineConfig.RemoteCache(result.GetValue(address), environment.Variable)
                    ?? throw new BadInputException(DiagnosticCodes.RemoteCache, $"no remote cache is set; pass --cache-remote redis://HOST:PORT, set {MachineConfig.CacheRemote.Variable}, or '{MachineConfig.CacheRemote.Key}' in {MachineConfig.FilePath(environment.Variable) ?? "~/.config/flashsmith/config.yaml"}"));
            }
            else
            {
                // The project of --recipes when given, else the command's, as a build finds it.
                var project = result.GetValue(recipes) is { } given ? ProjectFolder.Containing(given.FullName).Root : CommonOptions.ProjectRoot(result);
                var folder = result.GetValue(local)?.FullName ?? ObjectCache.DefaultFolder(project);
                target = new Target(folder, null);
            }

            return action(environment, target, result.GetValue(json));
        });
        return command;
    }

    private static async Task<int> Stats(CliEnvironment environment, Target target, bool json)
    {
        IReadOnlyList<(string Part, long Entries, long Bytes)> parts;
        string where;
        if (target.Remote is { } address)
        {
            await using var remote = RemoteCache.Start(address);
            var (entries, bytes) = await remote.StatsAsync().ConfigureAwait(false);
            parts = [("entries", entries, bytes)];
            where = address.ToString();
        }
        else
        {
            parts = new ObjectCache(target.Folder!).Usage();
            where = target.Folder!;
        }

        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(Rendering.CacheJson.Stats(where, target.Remote is not null, parts));
            return ExitCodes.Success;
        }

        var table = new Table().Title(Markup.Escape(target.Remote is null ? ProjectFolder.Display(where) : where)).AddColumns("Part", "Entries", "Size");
        table.Columns[1].RightAligned();
        foreach (var (part, entries, bytes) in parts)
        {
            table.AddRow(Markup.Escape(part), entries.ToString(CultureInfo.InvariantCulture), Markup.Escape(new ByteSize(bytes).ToApproximateString()));
        }

        table.AddRow("total", parts.Sum(p => p.Entries).ToString(CultureInfo.InvariantCulture), Markup.Escape(new ByteSize(parts.Sum(p => p.Bytes)).ToApproximateString()));
        environment.Output.Write(table);
        return ExitCodes.Success;
    }

    private static async Task<int> Clear(CliEnvironment environment, Target target, bool json)
    {
        long deleted;
        string where;
        if (target.Remote is { } address)
        {
            await using var remote = RemoteCache.Start(address);
            deleted = await remote.ClearAsync().ConfigureAwait(false);
            where = address.ToString();
        }
        else
        {
            deleted = new ObjectCache(target.Folder!).Clear();
            where = ProjectFolder.Display(target.Folder!);
        }

        if (json)
        {
            environment.Output.Profile.Out.Writer.WriteLine(Rendering.CacheJson.Cleared(where, target.Remote is not null, deleted));
        }
        else
        {
            environment.Output.WriteLine($"deleted {deleted} entr{(deleted == 1 ? "y" : "ies")} from {where}");
        }

        return ExitCodes.Success;
    }

    private sealed record Target(string? Folder, RemoteCacheAddress? Remote);
}
