using Flashsmith.Diagnostics;
using Flashsmith.Planning;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// Compiles every translation unit with one compiler process each and links each component, at most the job count
/// at a time: the compiles that took longest on this machine first (see <see cref="CompileTimes"/>; else component by
/// component, larger components first), and a component's link as soon as its last object is ready, ahead of compiles
/// still waiting, so that linking overlaps the other components' compiles. Objects and images come from the local cache
/// when their key matches, else from the shared remote cache when there is one (and what is built here goes there too).
/// </summary>
public static class CompileStage
{
    public static async Task<CompileOutput> RunAsync(CompileInput input, CancellationToken cancellation)
    {
        var root = input.ProjectRoot;
        var versionsFolder = input.MachineFolder ?? input.CacheFolder;
        var toolchain = await ToolchainLocator.LocateAsync(input.Toolchain, versionsFolder, cancellation).ConfigureAwait(false);
        var toolchains = new Dictionary<string, Toolchain>(StringComparer.Ordinal) { [input.Toolchain] = toolchain };
        foreach (var preset in input.Components.Select(c => c.Preset).OfType<string>().Distinct().Where(p => !toolchains.ContainsKey(p)).Order(StringComparer.Ordinal).ToList())
        {
            toolchains[preset] = await ToolchainLocator.LocateAsync(preset, versionsFolder, cancellation).ConfigureAwait(false);
        }

        Toolchain For(SourceComponent component) => toolchains[component.Preset ?? input.Toolchain];
        var cache = new ObjectCache(input.CacheFolder);
        var remote = input.Remote;
        var sources = input.Components.ToDictionary(c => c.Key, c => Sources(c, root), StringComparer.Ordinal);

        var times = CompileTimes.Load(versionsFolder);
        string TimeKey(SourceComponent component, string source) => CompileTimes.Key(For(component).Name, component.Flags, Path.Combine(root, source));

        // Components with more sources first, one-source components last: these (a driver, compiled then linked)
        // fill the last moments while the larger components' links run, where the other way round a larger
        // component's last compile and its links would run alone at the end.
        var byComponent = input.Components.OrderByDescending(c => sources[c.Key].Count).SelectMany(c => sources[c.Key].Select(s => (Component: c, Source: s))).ToList();

        // The longest compiles first, by how long each took here last time, so that the build ends on short ones spread over
        // every core; a source never compiled here counts as the longest. With no record, the order above stands.
        var took = byComponent.Select(j => times.Of(TimeKey(j.Component, j.Source))).ToList();
        var longest = took.Max() ?? TimeSpan.Zero;
        var compiles = new Queue<(SourceComponent Component, string Source)>(byComponent.Select((job, i) => (job, Estimate: took[i] ?? longest)).OrderByDescending(j => j.Estimate).Select(j => j.job));
        var links = new Queue<SourceComponent>(input.Components.Where(c => sources[c.Key].Count == 0));
        var waiting = input.Components.ToDictionary(c => c.Key, c => sources[c.Key].Count, StringComparer.Ordinal);
        var objects = new Dictionary<(string Component, string Source), string>();
        var inputs = input.Components.ToDictionary(c => c.Key, c => new SortedSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        var failures = new List<(string Source, string Output)>();
        var warnings = new List<(string Source, string Output)>();
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        int compiled = 0, cached = 0, remoteObjects = 0, linked = 0, remoteImages = 0;
        var running = new List<Task<Finished>>();

        // A job holds its slot while its tool runs: once the compiler or linker has exited, the next job starts while
        // this one stores its object and reads its header list.
        var slots = new List<Task>();
        void Start(Func<Action, Task<Finished>> job)
        {
            var slot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            slots.Add(slot.Task);
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        return await job(() => slot.TrySetResult()).ConfigureAwait(false);
                    }
                    finally
                    {
                        slot.TrySetResult();
                    }
                },
                cancellation));
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo? broken = null;
        while (true)
        {
            while (slots.Count < input.Jobs && broken is null && (links.Count > 0 || compiles.Count > 0))
            {
                if (links.TryDequeue(out var component))
                {
                    var componentObjects = sources[component.Key].Select(s => objects[(component.Key, s)]).ToList();
                    Start(async release => new Finished(component, null, null, await LinkAsync(component, componentObjects, For(component), cache, remote, root, release, cancellation).ConfigureAwait(false)));
                }
                else
                {
                    var (owner, source) = compiles.Dequeue();
                    var timeKey = TimeKey(owner, source);
                    Start(async release => new Finished(owner, source, await CompileAsync(owner, source, For(owner), cache, remote, root, took => { times.Record(timeKey, took); release(); }, cancellation).ConfigureAwait(false), null));
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var next = await Task.WhenAny(running.Concat(slots)).ConfigureAwait(false);
            slots.RemoveAll(s => s.IsCompleted);
            if (next is not Task<Finished> done)
            {
                continue;
            }

            running.Remove(done);
            Finished finished;
            try
            {
                finished = await done.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // What is running is let finish, so that no compiler outlives the stage; then the first failure is thrown.
                broken ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                continue;
            }

            var key = finished.Component.Key;
            if (finished.Unit is { } unit)
            {
                var source = finished.Source!;
                if (unit.Compiled)
                {
                    compiled++;
                }
                else if (unit.Remote)
                {
                    remoteObjects++;
                }
                else
                {
                    cached++;
                }

                if (unit.Diagnostics.Length > 0 || unit.ObjectPath is null)
                {
                    (unit.ObjectPath is null ? failures : warnings).Add((source, unit.Diagnostics));
                }

                inputs[key].Add(Path.GetFullPath(source, root));
                inputs[key].UnionWith(unit.Headers.Select(h => Path.GetFullPath(h, root)));
                if (unit.ObjectPath is not null)
                {
                    objects[(key, source)] = unit.ObjectPath;
                    if (--waiting[key] == 0)
                    {
                        links.Enqueue(finished.Component);
                    }
                }
            }
            else
            {
                var (image, how) = finished.Link!.Value;
                images[key] = image;
                input.Linked?.Invoke(finished.Component, image);
                if (finished.Component.Kind == ImageKind.FlatBinary)
                {
                    // The linker script shapes the binary as much as a source does.
                    inputs[key].UnionWith(Directory.EnumerateFiles(finished.Component.SourceFolder, Toolchain.LinkerScriptPattern, SearchOption.TopDirectoryOnly).Select(Path.GetFullPath));
                }

                if (how == Origin.Built)
                {
                    linked++;
                }
                else if (how == Origin.Remote)
                {
                    remoteImages++;
                }

            }
        }

        if (failures.Count > 0)
        {
            var lines = failures.OrderBy(f => f.Source, StringComparer.Ordinal).SelectMany(f => Lines(f.Output)).ToList();
            var names = string.Join(", ", failures.Select(f => f.Source).Order(StringComparer.Ordinal));
            throw new CompileFailedException(lines, DiagnosticCodes.CompileFailed, $"compiling {names} failed");
        }

        times.Save();
        broken?.Throw();
        var warningLines = warnings.OrderBy(w => w.Source, StringComparer.Ordinal).SelectMany(w => Lines(w.Output)).ToList();
        warningLines.AddRange(cache.Warnings.Order(StringComparer.Ordinal));
        if (remote is not null)
        {
            await remote.FlushAsync().ConfigureAwait(false);
            warningLines.AddRange(remote.Warnings);
        }

        var read = inputs.ToDictionary(i => i.Key, i => (IReadOnlyList<string>)[.. i.Value], StringComparer.Ordinal);
        var others = toolchains.Values.Where(t => t != toolchain).ToList();
        return new CompileOutput(images, toolchain, compiled, linked, cached, warningLines, remoteObjects, remoteImages, remote?.Address, read, others);
    }

    /// <summary>The component's C and assembly files, found in all its folders, relative to the project root, in ordinal order.</summary>
    private static IReadOnlyList<string> Sources(SourceComponent component, string root) =>
        SourceFolder.Files(component.SourceFolder)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<UnitResult> CompileAsync(SourceComponent component, string source, Toolchain toolchain, ObjectCache cache, ISharedCache? remote, string root, Action<TimeSpan> compiledIn, CancellationToken cancellation)
    {
        var sourceKey = ObjectCache.SourceKey(toolchain, component.Flags, source, ObjectCache.HashFile(Path.Combine(root, source)));
        var known = cache.Headers(sourceKey);
        if (known is not null && ObjectCache.ObjectKey(sourceKey, known, root) is { } knownKey && cache.HasIntact(cache.ObjectPath(knownKey)))
        {
            return new UnitResult(cache.ObjectPath(knownKey), false, string.Empty, known);
        }

        if (remote is not null && await FetchAsync(sourceKey, known, cache, remote, root).ConfigureAwait(false) is { } fetched)
        {
            return new UnitResult(fetched.ObjectPath, false, string.Empty, fetched.Headers, Remote: true);
        }

        var output = cache.NewTempPath(".obj");
        var depfile = cache.NewTempPath(".d");
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var run = await ToolRunner.RunAsync(toolchain.Compiler, toolchain.CompileArguments(source, output, depfile, component.Flags, root), root, cancellation).ConfigureAwait(false);
            compiledIn(clock.Elapsed);
            var diagnostics = (run.Error + run.Output).Trim();
            if (run.ExitCode != 0 || !File.Exists(output))
            {
                return new UnitResult(null, true, diagnostics.Length > 0 ? diagnostics : $"{source}: the compiler exited with code {run.ExitCode}", []);
            }

            var headers = Depfile.Parse(await File.ReadAllTextAsync(depfile, cancellation).ConfigureAwait(false))
                .Select(h => Path.GetRelativePath(root, Path.GetFullPath(h, root)))
                .Where(h => h != source)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            var objectKey = ObjectCache.ObjectKey(sourceKey, headers, root) ?? throw new IOException($"a header of {source} vanished during the build");
            if (remote is not null)
            {
                remote.Put(ObjectCache.DepsKind, sourceKey, ObjectCache.EncodeLines(headers));
                remote.Put(ObjectCache.ObjectKind, objectKey, await File.ReadAllBytesAsync(output, cancellation).ConfigureAwait(false));
            }

            ObjectCache.Store(output, cache.ObjectPath(objectKey));
            cache.RecordHeaders(sourceKey, headers);
            return new UnitResult(cache.ObjectPath(objectKey), true, diagnostics, headers);
        }
        finally
        {
            File.Delete(output);
            File.Delete(depfile);
        }
    }

    /// <summary>The object of a source from the remote cache, stored locally, and its headers; null when it must be compiled.</summary>
    private static async Task<(string ObjectPath, IReadOnlyList<string> Headers)?> FetchAsync(string sourceKey, IReadOnlyList<string>? known, ObjectCache cache, ISharedCache remote, string root)
    {
        var headers = known;
        if (headers is null)
        {
            var deps = await remote.GetAsync(ObjectCache.DepsKind, sourceKey).ConfigureAwait(false);
            headers = deps is null ? null : ObjectCache.DecodeLines(deps);
        }

        if (headers is null || ObjectCache.ObjectKey(sourceKey, headers, root) is not { } objectKey
            || await remote.GetAsync(ObjectCache.ObjectKind, objectKey).ConfigureAwait(false) is not { } bytes)
        {
            return null;
        }

        var temp = cache.NewTempPath(".obj");
        await File.WriteAllBytesAsync(temp, bytes).ConfigureAwait(false);
        ObjectCache.Store(temp, cache.ObjectPath(objectKey));
        cache.RecordHeaders(sourceKey, headers);
        return (cache.ObjectPath(objectKey), headers);
    }

    private static async Task<(byte[] Image, Origin How)> LinkAsync(SourceComponent component, IReadOnlyList<string> objects, Toolchain toolchain, ObjectCache cache, ISharedCache? remote, string root, Action toolsDone, CancellationToken cancellation)
    {
        var script = toolchain.MakesFlatBinaries ? LinkerScript(component, root) : null;
        string[] scriptKey = script is null ? [] : [script, ObjectCache.HashFile(Path.Combine(root, script))];
        var key = ObjectCache.Hash(["image", toolchain.Fingerprint, component.Kind.ToString(), .. scriptKey, .. objects.Select(Path.GetFileName).Select(n => n!)]);
        var path = cache.ImagePath(key);
        if (cache.ReadIntact(path) is { } cached)
        {
            return (cached, Origin.Local);
        }

        if (remote is not null && await remote.GetAsync(ObjectCache.ImageKind, key).ConfigureAwait(false) is { } fetched)
        {
            var stored = cache.NewTempPath(".efi");
            await File.WriteAllBytesAsync(stored, fetched, cancellation).ConfigureAwait(false);
            ObjectCache.Store(stored, path);
            return (fetched, Origin.Remote);
        }

        var temp = cache.NewTempPath(".efi");
        var elf = cache.NewTempPath(".elf");
        try
        {
            var folder = Path.GetRelativePath(root, component.SourceFolder);
            var linked = script is null ? temp : elf;
            var arguments = script is null ? Toolchain.LinkArguments(component.Kind, objects, temp) : Toolchain.GuestLinkArguments(script, objects, elf);
            var run = await ToolRunner.RunAsync(toolchain.Linker, arguments, root, cancellation).ConfigureAwait(false);
            if (run.ExitCode != 0 || !File.Exists(linked))
            {
                throw new CompileFailedException(Lines((run.Error + run.Output).Trim()).ToList(), DiagnosticCodes.LinkFailed, $"linking {folder} failed");
            }

            if (script is not null)
            {
                run = await ToolRunner.RunAsync(toolchain.Converter!, Toolchain.ConvertArguments(elf, temp), root, cancellation).ConfigureAwait(false);
                if (run.ExitCode != 0 || !File.Exists(temp))
                {
                    throw new CompileFailedException(Lines((run.Error + run.Output).Trim()).ToList(), DiagnosticCodes.LinkFailed, $"making the flat binary of {folder} failed");
                }
            }

            toolsDone();

            var bytes = await File.ReadAllBytesAsync(temp, cancellation).ConfigureAwait(false);
            remote?.Put(ObjectCache.ImageKind, key, bytes);
            ObjectCache.Store(temp, path);
            return (bytes, Origin.Built);
        }
        finally
        {
            File.Delete(temp);
            File.Delete(elf);
        }
    }

    /// <summary>The one linker script at the top of a flat binary's source folder, relative to the project root.</summary>
    private static string LinkerScript(SourceComponent component, string root)
    {
        var scripts = Directory.EnumerateFiles(component.SourceFolder, Toolchain.LinkerScriptPattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        var folder = Path.GetRelativePath(root, component.SourceFolder);
        return scripts.Count == 1
            ? Path.GetRelativePath(root, scripts[0])
            : throw new CompileFailedException([], DiagnosticCodes.LinkerScript, scripts.Count == 0
                ? $"{folder} holds no linker script ({Toolchain.LinkerScriptPattern}); a guest is linked by the one linker script at the top of its sources"
                : $"{folder} holds {scripts.Count} linker scripts ({string.Join(", ", scripts.Select(Path.GetFileName))}); keep one at the top of the guest's sources");
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    /// <summary>A unit's object (null when it failed), whether it was compiled here, what the compiler said, and the headers it read (relative to the project).</summary>
    private sealed record UnitResult(string? ObjectPath, bool Compiled, string Diagnostics, IReadOnlyList<string> Headers, bool Remote = false);

    /// <summary>A finished job: a compiled unit (with its source) or a linked component.</summary>
    private sealed record Finished(SourceComponent Component, string? Source, UnitResult? Unit, (byte[] Image, Origin How)? Link);

    private enum Origin
    {
        Local,
        Remote,
        Built,
    }
}
