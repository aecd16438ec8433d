using Flashsmith.Boot;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk.Fat;
using Flashsmith.Disk.Imaging;
using Flashsmith.Disk.Partitions;
using Flashsmith.Planning;
using Flashsmith.Recipes;
using Flashsmith.Signing;

namespace Flashsmith.Provisioning;

/// <summary>
/// Writes a new image's boot bank into the bank of a key (or image) that is not the newest valid one, so
/// that the next boot tries it once. In order, each step flushed before the next: the target bank is marked
/// invalid, the new bank's blocks are written with boot.cfg still invalid and never finished (updated=0),
/// boot.cfg last of them, the loader only when its code changed, and then one sector of boot.cfg makes the
/// bank upgrading with its new updated=. Killed at any point, the key boots what it booted before.
/// </summary>
public static class BankUpdater
{
    public static UpdateReport Run(UpdateRequest request, Func<ProvisionTarget, bool> confirm, IProgress<UpdatePhase> progress, CancellationToken cancellation)
    {
        using var trusted = TrustedCertificate.Load(request.CertificatePath, request.ProjectRoot);
        var devices = BlockDevices.Host;
        var located = ProvisionImage.Locate(request.NewImage, devices);
        var target = ProvisionTarget.Resolve(request.Target, devices);
        var image = VerifiedImage.Load(located.Path, trusted.Certificate);
        var verdict = DeviceSafety.Check(target, located, request.AllowFixed);
        if (!verdict.IsOk)
        {
            throw new DeviceFailedException(DiagnosticCodes.DeviceRefused, [.. verdict.Reasons.Select(r => r.Message)]);
        }

        using var source = new FileStream(located.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var newBank = BankReader.Read(source, trusted.Certificate).Next
            ?? throw new BadInputException(DiagnosticCodes.BankUpdate, $"{located.Name} has no bootable boot bank");
        var sourceSealed = image.Statement.Partitions.Single(p => p.Name == newBank.Partition);
        var values = BankVolatile.Values(new FatFileSystem(source, newBank.Offset, newBank.Size))
            ?? throw new BadInputException(DiagnosticCodes.BankUpdate, $"{located.Name}: the boot.cfg of '{newBank.Partition}' cannot be rewritten in place");
        var newVersion = Parse(image.Statement.Version);

        BankTable banks;
        KeySealStatement? statement;
        byte[]? targetLoader;
        PartitionInfo? targetEsp;
        (long State, long Updated)? oldValues = null;
        BankInfo destination;
        try
        {
            using var disk = DeviceStream.OpenRead(target.ResolvedPath);
            var table = PartitionTable.Read(disk);
            statement = KeyVerifier.FindSeal(disk, table) is { } found ? KeySeal.Peek(found.Fs.ReadFile("/" + KeySealStatement.FileName)) : null;
            if (statement is null || statement.Product != image.Statement.Product || statement.Target != image.Statement.Target)
            {
                throw new BadInputException(DiagnosticCodes.BankUpdate, statement is null
                    ? $"{target.Display} carries no key seal: it was not written from a Flashsmith image, so it cannot take an update"
                    : $"{located.Name} is {image.Statement.Product} for {image.Statement.Target}, but {target.Display} holds {statement.Product} for {statement.Target}: an update keeps the product and the target");
            }

            banks = BankReader.Read(disk, trusted.Certificate);
            var newestValid = banks.Banks.Where(b => b.Config?.State == BankState.Valid).MaxBy(b => b.Config!.Updated) ?? banks.Next;
            destination = banks.Banks.Where(b => b != newestValid).OrderBy(b => b.IsBootable).ThenBy(b => b.Config?.Updated ?? -1).FirstOrDefault()
                ?? throw new BadInputException(DiagnosticCodes.BankUpdate, $"{target.Display} has no second boot bank to write the update into");
            if (banks.Next?.Version is { } running && Parse(running) is { } current && newVersion is not null && newVersion.CompareTo(current) < 0 && !request.AllowDowngrade)
            {
                throw new BadInputException(DiagnosticCodes.BankUpdate, $"{located.Name} holds version {image.Statement.Version}, older than the {running} that {target.Display} boots; pass --allow-downgrade to install it anyway");
            }

            if (sourceSealed.Size > destination.Size)
            {
                throw new BadInputException(DiagnosticCodes.BankUpdate, $"the boot bank of {located.Name} is {sourceSealed.Size} bytes; it does not fit the {destination.Size}-byte partition '{destination.Partition}' of {target.Display}");
            }

            targetEsp = table.Partitions.FirstOrDefault(p => p.TypeGuid == GuidPartitionTable.EfiSystemType);
            targetLoader = targetEsp is null ? null : ReadLoader(disk, targetEsp.Offset.Bytes, targetEsp.Size.Bytes);
            if (!destination.IsEmpty && DiskInspector.Open(disk, table.Partitions.First(p => p.Offset.Bytes == destination.Offset)) is { } fs)
            {
                oldValues = BankVolatile.Values(fs);
            }
        }
        catch (Exception ex) when (ex is Disk.InvalidDiskImageException or EndOfStreamException)
        {
            throw new BadInputException(DiagnosticCodes.ImageUnreadable, $"{target.Display} cannot be read as a key or image: {ex.Message}; nothing was written");
        }

        var sourceEsp = image.Statement.Partitions.FirstOrDefault(p => p.Entry.TypeGuid == GuidPartitionTable.EfiSystemType);
        var newLoader = sourceEsp is null ? null : ReadLoader(source, sourceEsp.Offset, sourceEsp.Size);
        var replaceLoader = newLoader is not null && (targetLoader is null || !PeLayout.Read(targetLoader).AuthenticodeHash(targetLoader).AsSpan().SequenceEqual(PeLayout.Read(newLoader).AuthenticodeHash(newLoader)));
        if (replaceLoader && (targetEsp is null || sourceEsp!.Size > targetEsp.Size.Bytes))
        {
            throw new BadInputException(DiagnosticCodes.BankUpdate, $"the loader of {located.Name} changed, and its ESP does not fit the one of {target.Display}");
        }

        if (!confirm(target))
        {
            throw new BadInputException(DiagnosticCodes.BankUpdate, $"the operator did not confirm the update of {target.Display}: nothing was written");
        }

        var updated = banks.NewestUpdated + 1;
        if (updated > BootConfig.MaxUpdated)
        {
            throw new BadInputException(DiagnosticCodes.BankUpdate, $"{target.Display}: updated= would pass {BootConfig.MaxUpdated}");
        }

        Step(progress, UpdatePhase.Checked, cancellation);
        long written = 0;
        using (var device = DeviceFile.OpenForWriting(target.ResolvedPath, direct: false))
        {
            if (oldValues is { } old && destination.Config?.State != BankState.Invalid)
            {
                device.Write([(byte)('0' + (int)BankState.Invalid)], destination.Offset + old.State);
                device.Flush();
            }

            var blocks = sourceSealed.Blocks.SelectMany(r => Enumerable.Range(0, r.Digests.Count).Select(i => r.First + i)).ToList();
            var blockSize = image.Statement.BlockSize;
            var commitEnd = values.Updated + BootConfig.UpdatedDigits;
            bool HoldsBootConfig(long block) => block * blockSize < commitEnd && (block + 1) * blockSize > values.State;
            var files = blocks.Where(b => !HoldsBootConfig(b)).ToList();
            var buffer = new byte[blockSize];
            for (var i = 0; i < files.Count; i++)
            {
                written += Copy(source, sourceSealed.Offset, sourceSealed.Size, device, destination.Offset, files[i], blockSize, buffer, null);
                if (i == 0)
                {
                    Step(device, progress, UpdatePhase.BankStarted, cancellation);
                }
                else if (i == files.Count / 2)
                {
                    Step(device, progress, UpdatePhase.BankHalfWritten, cancellation);
                }
            }

            Step(device, progress, UpdatePhase.FilesWritten, cancellation);
            foreach (var block in blocks.Where(HoldsBootConfig))
            {
                written += Copy(source, sourceSealed.Offset, sourceSealed.Size, device, destination.Offset, block, blockSize, buffer, (values, BankState.Invalid, 0));
            }

            Step(device, progress, UpdatePhase.BootConfigWritten, cancellation);
            if (replaceLoader)
            {
                foreach (var block in sourceEsp!.Blocks.SelectMany(r => Enumerable.Range(0, r.Digests.Count).Select(i => r.First + i)))
                {
                    written += Copy(source, sourceEsp.Offset, sourceEsp.Size, device, targetEsp!.Offset.Bytes, block, blockSize, buffer, null);
                }
            }

            Step(device, progress, UpdatePhase.LoaderWritten, cancellation);

            // One write inside boot.cfg's first sector: the bank becomes upgrading with its new updated= at once.
            var commit = new byte[commitEnd - values.State];
            source.Position = sourceSealed.Offset + values.State;
            source.ReadExactly(commit);
            Patch(commit, values.State, (values, BankState.Upgrading, updated));
            device.Write(commit, destination.Offset + values.State);
            written += commit.Length;
            Step(device, progress, UpdatePhase.Committed, CancellationToken.None);
        }

        return new UpdateReport(target.Display, destination.Partition, image.Statement.Version, destination.Version, updated, replaceLoader, written, trusted.Certificate.Subject, trusted.IsDevelopment);
    }

    private static ComponentVersion? Parse(string text) => ComponentVersion.TryParse(text, out var version) ? version : null;

    private static byte[]? ReadLoader(Stream disk, long offset, long size)
    {
        try
        {
            var fs = new FatFileSystem(disk, offset, size);
            var bytes = fs.ReadFileIfPresent(BuildPlanner.LoaderPath);
            return bytes is not null && PeLayout.Read(bytes) is not null ? bytes : null;
        }
        catch (Exception ex) when (ex is Disk.InvalidDiskImageException or EndOfStreamException or InvalidPeImageException)
        {
            return null;
        }
    }

    /// <summary>Copies one block of a partition of the new image into the target partition, boot.cfg's values set as <paramref name="patch"/> says.</summary>
    private static int Copy(Stream source, long sourceOffset, long sourceSize, DeviceFile device, long targetOffset, long block, int blockSize, byte[] buffer, ((long State, long Updated) Values, BankState State, long Updated)? patch)
    {
        var span = buffer.AsSpan(0, (int)Math.Min(blockSize, sourceSize - (block * blockSize)));
        source.Position = sourceOffset + (block * blockSize);
        source.ReadExactly(span);
        if (patch is { } p)
        {
            Patch(span, block * blockSize, p);
        }

        device.Write(span, targetOffset + (block * blockSize));
        return span.Length;
    }

    /// <summary>Sets the bootstate digit and the updated digits where they fall into <paramref name="bytes"/>, which start at <paramref name="at"/> in the partition.</summary>
    private static void Patch(Span<byte> bytes, long at, ((long State, long Updated) Values, BankState State, long Updated) patch)
    {
        Set(bytes, at, patch.Values.State, [(byte)('0' + (int)patch.State)]);
        Set(bytes, at, patch.Values.Updated, BootConfig.UpdatedDigitsOf(patch.Updated));
    }

    private static void Set(Span<byte> bytes, long at, long offset, byte[] value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var position = offset + i - at;
            if (position >= 0 && position < bytes.Length)
            {
                bytes[(int)position] = value[i];
            }
        }
    }

    private static void Step(IProgress<UpdatePhase> progress, UpdatePhase phase, CancellationToken cancellation)
    {
        progress.Report(phase);
        cancellation.ThrowIfCancellationRequested();
    }

    private static void Step(DeviceFile device, IProgress<UpdatePhase> progress, UpdatePhase phase, CancellationToken cancellation)
    {
        device.Flush();
        Step(progress, phase, cancellation);
    }
}
