using System.Diagnostics;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Provisioning;

/// <summary>
/// Provisioning, in order: verify the image (nothing is touched when it fails), refuse every unsafe
/// device, let the operator confirm, then per device claim the unit serial in the log, write the key,
/// read it back, and record the outcome. One device failing does not stop the others.
/// </summary>
public static class Provisioner
{
    public const string InterruptedReason = "interrupted by the operator (Ctrl-C) during the write; the key holds no partition table";

    /// <summary>
    /// Runs <paramref name="request"/>. <paramref name="confirm"/> sees the devices about to be written
    /// and returns false to write none. Ctrl-C (<paramref name="cancellation"/>) records the device being
    /// written as interrupted and ends with <see cref="OperationCanceledException"/>.
    /// </summary>
    public static ProvisionReport Run(ProvisionRequest request, Func<IReadOnlyList<ProvisionTarget>, bool> confirm, IProgress<KeyProgress> progress, TimeProvider clock, CancellationToken cancellation)
    {
        using var trusted = TrustedCertificate.Load(request.CertificatePath, request.ProjectRoot);
        using var log = FactoryLog.Open(request.LogPath, clock);
        var devices = BlockDevices.Host;
        var located = ProvisionImage.Locate(request.ImagePath, devices);
        var targets = request.Devices.Select(d => ProvisionTarget.Resolve(d, devices)).ToList();
        VerifiedImage image;
        try
        {
            image = VerifiedImage.Load(located.Path, trusted.Certificate);
        }
        catch (FlashsmithException ex)
        {
            foreach (var target in targets)
            {
                log.Record(Start(request, target, null, request.Unit), AttemptResult.Refused, $"the image failed verification: {ex.Message}");
            }

            throw;
        }

        var outcomes = new DeviceOutcome?[targets.Count];
        var writable = new List<(int Index, ProvisionTarget Target)>();
        for (var i = 0; i < targets.Count; i++)
        {
            var verdict = DeviceSafety.Check(targets[i], located, request.AllowFixed);
            if (verdict.IsOk)
            {
                writable.Add((i, targets[i]));
                continue;
            }

            var reason = string.Join("; ", verdict.Reasons.Select(r => r.Message));
            var id = log.Record(Start(request, targets[i], image, request.Unit), AttemptResult.Refused, reason);
            outcomes[i] = Outcome(targets[i], request.Unit, AttemptResult.Refused, reason, 0, TimeSpan.Zero, id);
        }

        if (writable.Count > 0 && !confirm([.. writable.Select(w => w.Target)]))
        {
            foreach (var (index, target) in writable)
            {
                var id = log.Record(Start(request, target, image, request.Unit), AttemptResult.Refused, "the operator did not confirm the write");
                outcomes[index] = Outcome(target, request.Unit, AttemptResult.Refused, "the operator did not confirm the write", 0, TimeSpan.Zero, id);
            }

            return new ProvisionReport(image, trusted.Certificate.Subject, trusted.IsDevelopment, log.Path, [.. outcomes.Select(o => o!)]);
        }

        var writer = new KeyWriter();
        foreach (var (index, target) in writable)
        {
            outcomes[index] = ProvisionOne(request, log, image, target, writer, progress, clock, cancellation);
        }

        return new ProvisionReport(image, trusted.Certificate.Subject, trusted.IsDevelopment, log.Path, [.. outcomes.Select(o => o!)]);
    }

    private static DeviceOutcome ProvisionOne(ProvisionRequest request, FactoryLog log, VerifiedImage image, ProvisionTarget target, KeyWriter writer, IProgress<KeyProgress> progress, TimeProvider clock, CancellationToken cancellation)
    {
        var clockStart = Stopwatch.StartNew();
        long id;
        var unit = request.Unit;
        try
        {
            if (request.Units is { } units)
            {
                var claimed = log.BeginFromUnits(Start(request, target, image, null), units);
                id = claimed.AttemptId;
                unit = claimed.Unit;
            }
            else
            {
                id = log.Begin(Start(request, target, image, unit));
            }
        }
        catch (ProvisioningException ex)
        {
            // The log recorded the refusal itself (a serial already taken, or no unit left).
            return Outcome(target, unit, AttemptResult.Refused, ex.Message, 0, clockStart.Elapsed, null);
        }

        long written = 0;
        try
        {
            var now = clock.GetUtcNow();
            var files = unit is null ? [] : new List<(string, byte[])> { ("/" + KeyVerifier.UnitRecordFile, new UnitRecord(unit, image, now).ToJson()) };
            var serial = new DeterministicIds($"{image.Sha256}\n{unit?.Serial}").NumberFor("serial:unit");
            var plan = KeyPlan.Create(image, target.Size.Bytes, request.Grow, files, serial, now);
            var device = DeviceFile.OpenForWriting(target.ResolvedPath);
            if (device.Direct && !plan.IsAlignedTo(device.LogicalBlockSize))
            {
                device.Dispose();
                device = DeviceFile.OpenForWriting(target.ResolvedPath, direct: false);
            }

            using (device)
            {
                written = writer.Write(image, plan, device, progress, cancellation);
            }

            log.Finish(id, AttemptResult.Ok, null, written);
            return Outcome(target, unit, AttemptResult.Ok, null, written, clockStart.Elapsed, id);
        }
        catch (OperationCanceledException)
        {
            log.Finish(id, AttemptResult.Interrupted, InterruptedReason, written);
            throw;
        }
        catch (FlashsmithException ex)
        {
            var reason = string.Join("; ", ex.Lines.Select(l => l.StartsWith("error: ", StringComparison.Ordinal) ? l["error: ".Length..] : l));
            log.Finish(id, AttemptResult.Failed, reason, written);
            progress.Report(new KeyProgress(target.Path, KeyPhase.Failed, 0, 0));
            return Outcome(target, unit, AttemptResult.Failed, reason, written, clockStart.Elapsed, id);
        }
    }

    private static AttemptStart Start(ProvisionRequest request, ProvisionTarget target, VerifiedImage? image, UnitIdentity? unit) => new()
    {
        Station = request.Station,
        ImagePath = Path.GetFullPath(request.ImagePath),
        ImageSha256 = image?.Sha256,
        Target = image?.Statement.Target,
        Product = image?.Statement.Product,
        Version = image?.Statement.Version,
        DevicePath = target.ResolvedPath,
        DeviceModel = target.Device?.Model,
        DeviceSerial = target.Device?.Serial,
        DeviceSizeBytes = target.Size.Bytes,
        Unit = unit,
    };

    private static DeviceOutcome Outcome(ProvisionTarget target, UnitIdentity? unit, AttemptResult result, string? reason, long written, TimeSpan elapsed, long? id) =>
        new(target.Display, target.Device?.Model, target.Device?.Serial, target.Size.Bytes, unit, result, reason, written, elapsed, id);
}
