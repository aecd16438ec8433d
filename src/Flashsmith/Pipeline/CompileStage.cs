using System.Collections.Concurrent;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// Compiles every translation unit with one compiler process each, in parallel up to the job
/// count, then links each component; objects and images come from the local cache when their key
/// matches, else from the shared remote cache when there is one (and what is built here goes there too).
/// </summary>
public static class CompileStage
{
    public static async Task<CompileOutput> RunAsync(CompileInput input, CancellationToken cancellation)
    {
        var toolchain = await ToolchainLocator.LocateAsync(input.Toolchain, input.CacheFolder, cancellation).ConfigureAwait(false);
        var cache = new ObjectCache(input.CacheFolder);
        var units = input.Components
            .SelectMany(c => Sources(c, input.ProjectRoot).Select(s => (Component: c, Source: s)))
            .ToList();
        var objects = new ConcurrentDictionary<(string Component, string Source), string>();
        var failures = new ConcurrentBag<(string Source, string Output)>();
        var warnings = new ConcurrentBag<(string Source, string Output)>();
        var remote = input.Remote;
        var compiled = 0;
        var cached = 0;
        var remoteObjects = 0;
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = input.Jobs, CancellationToken = cancellation }, async (unit, token) =>
        {
            var result = await CompileAsync(unit.Component, unit.Source, toolchain, cache, remote, input.ProjectRoot, token).ConfigureAwait(false);
            if (result.ObjectPath is not null)
            {
                objects[(unit.Component.Key, unit.Source)] = result.ObjectPath;
            }

            if (result.Compiled)
            {
                Interlocked.Increment(ref compiled);
            }
            else if (result.Remote)
            {
                Interlocked.Increment(ref remoteObjects);
            }
            else
            {
                Interlocked.Increment(ref cached);
            }

            var bag = result.ObjectPath is null ? failures : warnings;
            if (result.Diagnostics.Length > 0 || result.ObjectPath is null)
            {
                bag.Add((unit.Source, result.Diagnostics));
            }
        }).ConfigureAwait(false);

        if (!failures.IsEmpty)
        {
            var lines = failures.OrderBy(f => f.Source, StringComparer.Ordinal).SelectMany(f => Lines(f.Output)).ToList();
            var names = string.Join(", ", failures.Select(f => f.Source).Order(StringComparer.Ordinal));
            throw new CompileFailedException(lines, $"compiling {names} failed");
        }

        var images = new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal);
        var linked = 0;
        var remoteImages = 0;
        await Parallel.ForEachAsync(input.Components, new ParallelOptions { MaxDegreeOfParallelism = input.Jobs, CancellationToken = cancellation }, async (component, token) =>
        {
            var componentObjects = Sources(component, input.ProjectRoot).Select(s => objects[(component.Key, s)]).ToList();
            var (image, how) = await LinkAsync(component, componentObjects, toolchain, cache, remote, input.ProjectRoot, token).ConfigureAwait(false);
            images[component.Key] = image;
            if (how == Origin.Built)
            {
                Interlocked.Increment(ref linked);
            }
            else if (how == Origin.Remote)
            {
                Interlocked.Increment(ref remoteImages);
            }
        }).ConfigureAwait(false);

        var warningLines = warnings.OrderBy(w => w.Source, StringComparer.Ordinal).SelectMany(w => Lines(w.Output)).ToList();
        if (remote is not null)
        {
            await remote.FlushAsync().ConfigureAwait(false);
            warningLines.AddRange(remote.Warnings);
        }

        return new CompileOutput(images, toolchain, compiled, linked, cached, warningLines, remoteObjects, remoteImages, remote?.Address);
    }

    /// <summary>The component's C files, relative to the project root, in ordinal order.</summary>
    private static IReadOnlyList<string> Sources(SourceComponent component, string root) =>
        Directory.EnumerateFiles(component.SourceFolder, "*.c", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<UnitResult> CompileAsync(SourceComponent component, string source, Toolchain toolchain, ObjectCache cache, RemoteCache? remote, string root, CancellationToken cancellation)
    {
        var sourceKey = ObjectCache.SourceKey(toolchain, component.Flags, source, ObjectCache.HashFile(Path.Combine(root, source)));
        var known = cache.Headers(sourceKey);
        if (known is not null && ObjectCache.ObjectKey(sourceKey, known, root) is { } knownKey && File.Exists(cache.ObjectPath(knownKey)))
        {
            return new UnitResult(cache.ObjectPath(knownKey), false, string.Empty);
        }

        if (remote is not null && await FetchAsync(sourceKey, known, cache, remote, root).ConfigureAwait(false) is { } fetched)
        {
            return new UnitResult(fetched, false, string.Empty, Remote: true);
        }

        var output = cache.NewTempPath(".obj");
        var depfile = cache.NewTempPath(".d");
        try
        {
            var run = await ToolRunner.RunAsync(toolchain.Compiler, toolchain.CompileArguments(source, output, depfile, component.Flags, root), root, cancellation).ConfigureAwait(false);
            var diagnostics = (run.Error + run.Output).Trim();
            if (run.ExitCode != 0 || !File.Exists(output))
            {
                return new UnitResult(null, true, diagnostics.Length > 0 ? diagnostics : $"{source}: the compiler exited with code {run.ExitCode}");
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
                remote.Put(ObjectCache.DepsKind, sourceKey, RemoteCache.EncodeLines(headers));
                remote.Put(ObjectCache.ObjectKind, objectKey, await File.ReadAllBytesAsync(output, cancellation).ConfigureAwait(false));
            }

            ObjectCache.Store(output, cache.ObjectPath(objectKey));
            cache.RecordHeaders(sourceKey, headers);
            return new UnitResult(cache.ObjectPath(objectKey), true, diagnostics);
        }
        finally
        {
            File.Delete(output);
            File.Delete(depfile);
        }
    }

    /// <summary>The object of a source from the remote cache, stored locally; null when it must be compiled.</summary>
    private static async Task<string?> FetchAsync(string sourceKey, IReadOnlyList<string>? known, ObjectCache cache, RemoteCache remote, string root)
    {
        var headers = known;
        if (headers is null)
        {
            var deps = await remote.GetAsync(ObjectCache.DepsKind, sourceKey).ConfigureAwait(false);
            headers = deps is null ? null : RemoteCache.DecodeLines(deps);
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
        return cache.ObjectPath(objectKey);
    }

    private static async Task<(byte[] Image, Origin How)> LinkAsync(SourceComponent component, IReadOnlyList<string> objects, Toolchain toolchain, ObjectCache cache, RemoteCache? remote, string root, CancellationToken cancellation)
    {
        var key = ObjectCache.Hash(["image", toolchain.Fingerprint, component.Kind.ToString(), .. objects.Select(Path.GetFileName).Select(n => n!)]);
        var path = cache.ImagePath(key);
        if (File.Exists(path))
        {
            return (await File.ReadAllBytesAsync(path, cancellation).ConfigureAwait(false), Origin.Local);
        }

        if (remote is not null && await remote.GetAsync(ObjectCache.ImageKind, key).ConfigureAwait(false) is { } fetched)
        {
            var stored = cache.NewTempPath(".efi");
            await File.WriteAllBytesAsync(stored, fetched, cancellation).ConfigureAwait(false);
            ObjectCache.Store(stored, path);
            return (fetched, Origin.Remote);
        }

        var temp = cache.NewTempPath(".efi");
        try
        {
            var run = await ToolRunner.RunAsync(toolchain.Linker, Toolchain.LinkArguments(component.Kind, objects, temp), root, cancellation).ConfigureAwait(false);
            if (run.ExitCode != 0 || !File.Exists(temp))
            {
                var folder = Path.GetRelativePath(root, component.SourceFolder);
                throw new CompileFailedException(Lines((run.Error + run.Output).Trim()).ToList(), $"linking {folder} failed");
            }

            var bytes = await File.ReadAllBytesAsync(temp, cancellation).ConfigureAwait(false);
            remote?.Put(ObjectCache.ImageKind, key, bytes);
            ObjectCache.Store(temp, path);
            return (bytes, Origin.Built);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    private sealed record UnitResult(string? ObjectPath, bool Compiled, string Diagnostics, bool Remote = false);

    private enum Origin
    {
        Local,
        Remote,
        Built,
    }
}
