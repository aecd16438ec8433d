using System.Security.Cryptography;
using Flashsmith.Budget;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Imaging;
using Flashsmith.Planning;
using Flashsmith.Reproducibility;

namespace Flashsmith.Pipeline;

/// <summary>
/// Writes a target's outputs (image, seal, block map, manifest.json, budget.json, SBOMs, signed provenance) into a staging folder outside the
/// output folder, then swaps the finished folder into place: the output folder never holds a
/// partial image, and an interrupted build leaves the previous outputs as they were.
/// </summary>
public static class EmitStage
{
    public static async Task<EmitOutput> RunAsync(EmitInput input, CancellationToken cancellation)
    {
        var plan = input.Plan;
        var outputRoot = Path.GetFullPath(input.OutputRoot);
        var final = Path.Combine(outputRoot, plan.Target);
        var signature = SignatureInfo.Of(input.Key);
        var record = new OutputRecord(input.CacheFolder, final, BuildKey(input), signature);
        if (record.Find() is { } existing)
        {
            return existing;
        }

        var staging = StagingFolder(outputRoot, plan.ProjectRoot);
        RemoveAbandonedStages(staging, plan.Target);
        try
        {
            return await WriteAsync(input, outputRoot, final, staging, record, signature, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (FileSystemErrors.IsFileSystemFailure(ex))
        {
            throw FileSystemErrors.Describe(ex, final, $"writing the outputs of {plan.Target} failed");
        }
        finally
        {
            RemoveIfEmpty(staging);
        }
    }

    private static async Task<EmitOutput> WriteAsync(EmitInput input, string outputRoot, string final, string staging, OutputRecord record, SignatureInfo signature, CancellationToken cancellation)
    {
        var plan = input.Plan;
        var stage = Path.Combine(staging, $"{plan.Target}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(stage);
        try
        {
            CrashPoint.Reach("emit-staged");
            var image = Path.Combine(stage, plan.ImageFileName);
            SparseImageWriter.Write(input.Assembly.Layout, image, flushToDisk: true, cancellation);
            CrashPoint.Reach("emit-image");
            BlockMap blockMap;
            using (var stream = new FileStream(image, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.SequentialScan))
            {
                // What was sealed is what the disk gives back, byte for byte, or the disk failed under it.
                if (input.Assembly.Layout.FirstDifference(stream, cancellation) is { } offset)
                {
                    throw new DeviceFailedException(DiagnosticCodes.DiskFailed, $"{image}: the image read back differs from what was written and sealed at byte 0x{offset:x8}: the disk under it corrupts data");
                }

                blockMap = BlockMap.Create(input.Assembly.Layout, stream);
            }

            cancellation.ThrowIfCancellationRequested();
            await WriteDurablyAsync(image + ".bmap", blockMap.ToXml(), cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-bmap");
            var seal = await input.Seal.ConfigureAwait(false);
            var sha256 = seal.ImageSha256;
            await WriteDurablyAsync(image + ".p7s", seal.Seal, cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-seal");
            var manifest = BuildManifest.Write(input, sha256);
            await WriteDurablyAsync(Path.Combine(stage, BuildPlan.ManifestFileName), manifest, cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-manifest");
            await WriteDurablyAsync(Path.Combine(stage, Budget.BudgetJson.FileName), BudgetJson.Write(input.Budget), cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-budget");
            await WriteDurablyAsync(image + SpdxDocument.Suffix, SpdxDocument.Write(plan, input.Signed.Files, sha256), cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-spdx");
            await WriteDurablyAsync(image + CycloneDxDocument.Suffix, CycloneDxDocument.Write(plan, input.Signed.Files, sha256), cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-cyclonedx");
            var provenance = ProvenanceStatement.Write(plan, input.Facts, input.Toolchain, await SubjectsAsync(stage, (plan.ImageFileName, sha256), cancellation).ConfigureAwait(false));
            await WriteDurablyAsync(image + DsseEnvelope.Suffix, DsseEnvelope.Sign(provenance, input.Key), cancellation).ConfigureAwait(false);
            CrashPoint.Reach("emit-provenance");
            cancellation.ThrowIfCancellationRequested();

            Directory.CreateDirectory(outputRoot);
            if (FolderSwap.Replace(stage, final))
            {
                // The old outputs now sit at the stage's name.
                CrashPoint.Reach("emit-swapped");
                Directory.Delete(stage, recursive: true);
            }

            CrashPoint.Reach("emit-old-removed");

            var files = Directory.EnumerateFiles(final).Order(StringComparer.Ordinal).ToList();
            var output = new EmitOutput(final, Path.Combine(final, plan.ImageFileName), sha256, files, false, signature);
            record.Save(output);
            return output;
        }
        finally
        {
            if (Directory.Exists(stage))
            {
                Directory.Delete(stage, recursive: true);
            }
        }
    }

    /// <summary>
    /// Removes this target's stages that a killed build left behind (named for a process that no longer
    /// runs): a partial new output, or old outputs that were swapped out but not yet deleted.
    /// </summary>
    private static void RemoveAbandonedStages(string staging, string target)
    {
        if (!Directory.Exists(staging))
        {
            return;
        }

        foreach (var stage in Directory.EnumerateDirectories(staging, target + ".*").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileName(stage)[(target.Length + 1)..].Split('.');
            if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                Directory.Delete(stage, recursive: true);
            }
        }
    }

    private static void RemoveIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Another target's stage is still in it.
        }
    }

    /// <summary>
    /// What the outputs are made of: the image's name, every extent's place and bytes, the manifest
    /// (which names the tools) and every input the provenance lists. Equal keys mean byte-identical outputs.
    /// </summary>
    private static string BuildKey(EmitInput input)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(input.Plan.ImageFileName + "\n" + BuildManifest.Write(input, string.Empty) + BudgetJson.Write(input.Budget) + input.Facts.Key() + ProvenanceStatement.InputsKey(input.Plan, input.Facts)));
        using var buffer = new MemoryStream();
        foreach (var extent in input.Assembly.Layout.Extents)
        {
            buffer.SetLength(0);
            extent.Content.CopyTo(buffer);
            hash.AppendData(BitConverter.GetBytes(extent.Offset));
            hash.AppendData(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The provenance's subjects: every output written so far, by name, with its SHA-256 (the image's is the one it was sealed with and read back as).</summary>
    private static async Task<IReadOnlyList<(string Name, string Sha256)>> SubjectsAsync(string stage, (string Name, string Sha256) image, CancellationToken cancellation)
    {
        var subjects = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(stage).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == image.Name)
            {
                subjects.Add(image);
                continue;
            }

            await using var stream = File.OpenRead(file);
            subjects.Add((Path.GetFileName(file), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellation).ConfigureAwait(false))));
        }

        return subjects;
    }

    /// <summary>
    /// Staging lives beside the output folder's data, never in it: under the project's .flashsmith/
    /// when the outputs are in the project, else in a hidden folder next to the output folder.
    /// </summary>
    public static string StagingFolder(string outputRoot, string projectRoot)
    {
        var inProject = outputRoot.StartsWith(projectRoot.TrimEnd('/') + "/", StringComparison.Ordinal);
        return inProject
            ? Path.Combine(ProjectState.Folder(projectRoot), "staging")
            : Path.Combine(Path.GetDirectoryName(outputRoot)!, ".flashsmith-staging");
    }

    private static Task WriteDurablyAsync(string path, string text, CancellationToken cancellation) =>
        WriteDurablyAsync(path, System.Text.Encoding.UTF8.GetBytes(text), cancellation);

    private static async Task WriteDurablyAsync(string path, byte[] bytes, CancellationToken cancellation)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await file.WriteAsync(bytes, cancellation).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }
}
