using System.Collections.Concurrent;
using Flashsmith.Toolchains;

namespace Flashsmith.Pipeline;

/// <summary>
/// Compiles every translation unit with one compiler process each, in parallel up to the job
/// count, then links each component; objects and images come from the cache when their key matches.
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
        var compiled = 0;
        var cached = 0;
        await Parallel.ForEachAsync(units, new ParallelOptions { MaxDegreeOfParallelism = input.Jobs, CancellationToken = cancellation }, async (unit, token) =>
        {
            var result = await CompileAsync(unit.Component, unit.Source, toolchain, cache, input.ProjectRoot, token).ConfigureAwait(false);
            if (result.ObjectPath is not null)
            {
                objects[(unit.Component.Key, unit.Source)] = result.ObjectPath;
            }

            if (result.Compiled)
            {
                Interlocked.Increment(ref compiled);
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
        await Parallel.ForEachAsync(input.Components, new ParallelOptions { MaxDegreeOfParallelism = input.Jobs, CancellationToken = cancellation }, async (component, token) =>
        {
            var componentObjects = Sources(component, input.ProjectRoot).Select(s => objects[(component.Key, s)]).ToList();
            var (image, didLink) = await LinkAsync(component, componentObjects, toolchain, cache, input.ProjectRoot, token).ConfigureAwait(false);
            images[component.Key] = image;
            if (didLink)
            {
                Interlocked.Increment(ref linked);
            }
        }).ConfigureAwait(false);

        var warningLines = warnings.OrderBy(w => w.Source, StringComparer.Ordinal).SelectMany(w => Lines(w.Output)).ToList();
        return new CompileOutput(images, toolchain, compiled, linked, cached, warningLines);
    }

    /// <summary>The component's C files, relative to the project root, in ordinal order.</summary>
    private static IReadOnlyList<string> Sources(SourceComponent component, string root) =>
        Directory.EnumerateFiles(component.SourceFolder, "*.c", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<UnitResult> CompileAsync(SourceComponent component, string source, Toolchain toolchain, ObjectCache cache, string root, CancellationToken cancellation)
    {
        var sourceKey = ObjectCache.SourceKey(toolchain, component.Flags, source, ObjectCache.HashFile(Path.Combine(root, source)));
        if (cache.Headers(sourceKey) is { } known && ObjectCache.ObjectKey(sourceKey, known, root) is { } knownKey && File.Exists(cache.ObjectPath(knownKey)))
        {
            return new UnitResult(cache.ObjectPath(knownKey), false, string.Empty);
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

    private static async Task<(byte[] Image, bool Linked)> LinkAsync(SourceComponent component, IReadOnlyList<string> objects, Toolchain toolchain, ObjectCache cache, string root, CancellationToken cancellation)
    {
        var key = ObjectCache.Hash(["image", toolchain.Fingerprint, component.Kind.ToString(), .. objects.Select(Path.GetFileName).Select(n => n!)]);
        var path = cache.ImagePath(key);
        if (File.Exists(path))
        {
            return (await File.ReadAllBytesAsync(path, cancellation).ConfigureAwait(false), false);
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
            ObjectCache.Store(temp, path);
            return (bytes, true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));

    private sealed record UnitResult(string? ObjectPath, bool Compiled, string Diagnostics);
}
