using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Disk;
using Flashsmith.Signing;

namespace Flashsmith.Provisioning;

/// <summary>
/// Provisioning, in order: verify the image (nothing is touched when it fails), refuse every unsafe
/// device, let the operator confirm, then claim each device's unit serial in the log, write every key at
/// once (one reader of the image, a writer, read-back and verdict per key), and record each outcome.
/// One device failing does not stop the others.
/// </summary>
public static class Provisioner
{
    public const string InterruptedReason = "interrupted by the operator (Ctrl-C) during the write; the key holds no partition table";

    /// <summary>
    /// Runs <paramref name="request"/>. <paramref name="confirm"/> sees the devices about to be written
    /// and returns false to write none. Ctrl-C (<paramref name="cancellation"/>) records every device being
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
        var writable = Refuse(request, log, located, image, targets, request.AllowFixed, outcomes);
        if (writable.Count > 0 && !confirm([.. writable.Select(w => targets[w])]))
        {
            foreach (var index in writable)
            {
                var id = log.Record(Start(request, targets[index], image, request.Unit), AttemptResult.Refused, "the operator did not confirm the write");
                outcomes[index] = Outcome(targets[index], request.Unit, AttemptResult.Refused, "the operator did not confirm the write", 0, TimeSpan.Zero, id);
            }
        }
        else
        {
            var slots = targets.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
            BeginAndWrite(request, log, image, targets, slots, writable, outcomes, progress, clock, cancellation);
        }

        return new ProvisionReport(image, trusted.Certificate.Subject, trusted.IsDevelopment, log.Path, [.. outcomes.Select(o => o!)]);
    }

    /// <summary>
    /// For a station, which has verified the image and opened the log once: refuses the unsafe ones of
    /// <paramref name="targets"/>, then writes the others at once, as <see cref="Run"/> does after its confirmation.
    /// <paramref name="slots"/> name the targets in progress reports; <paramref name="allowFixed"/> are the
    /// fixed disks the operator named. Ctrl-C records every key being written as interrupted and ends with
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public static IReadOnlyList<DeviceOutcome> ProvisionArrived(ProvisionRequest request, FactoryLog log, ProvisionImage located, VerifiedImage image, IReadOnlyList<ProvisionTarget> targets, IReadOnlyList<string> slots, IEnumerable<string> allowFixed, IProgress<KeyProgress> progress, TimeProvider clock, CancellationToken cancellation)
    {
        var outcomes = new DeviceOutcome?[targets.Count];
        var writable = Refuse(request, log, located, image, targets, allowFixed, outcomes);
        BeginAndWrite(request, log, image, targets, slots, writable, outcomes, progress, clock, cancellation);
        return [.. outcomes.Select(o => o!)];
    }

    /// <summary>Records a refusal for every unsafe target, with every reason; returns the indexes of the safe ones.</summary>
    private static List<int> Refuse(ProvisionRequest request, FactoryLog log, ProvisionImage located, VerifiedImage image, IReadOnlyList<ProvisionTarget> targets, IEnumerable<string> allowFixed, DeviceOutcome?[] outcomes)
    {
        var writable = new List<int>();
        for (var i = 0; i < targets.Count; i++)
        {
            var verdict = DeviceSafety.Check(targets[i], located, allowFixed);
            if (verdict.IsOk)
            {
                writable.Add(i);
                continue;
            }

            var reason = string.Join("; ", verdict.Reasons.Select(r => r.Message));
            var id = log.Record(Start(request, targets[i], image, request.Unit), AttemptResult.Refused, reason);
            outcomes[i] = Outcome(targets[i], request.Unit, AttemptResult.Refused, reason, 0, TimeSpan.Zero, id);
        }

        return writable;
    }

    /// <summary>Claims each unit, one device after another in the order given, then writes every key at once.</summary>
    private static void BeginAndWrite(ProvisionRequest request, FactoryLog log, VerifiedImage image, IReadOnlyList<ProvisionTarget> targets, IReadOnlyList<string> slots, IReadOnlyList<int> writable, DeviceOutcome?[] outcomes, IProgress<KeyProgress> progress, TimeProvider clock, CancellationToken cancellation)
    {
        var jobs = new List<KeyJob>();
        foreach (var index in writable)
        {
            var (job, refused) = Begin(request, log, image, index, slots[index], targets[index]);
            if (job is not null)
            {
                jobs.Add(job);
            }
            else
            {
                outcomes[index] = refused;
                progress.Report(new KeyProgress(slots[index], targets[index].Display, request.Unit?.Serial, KeyPhase.Failed, 0, 0));
            }
        }

        foreach (var (index, outcome) in WriteAll(request, log, image, jobs, progress, clock, cancellation))
        {
            outcomes[index] = outcome;
        }
    }

    /// <summary>Begins the attempt in the log, claiming its unit; a refusal (a serial taken, no unit left) is recorded by the log itself.</summary>
    private static (KeyJob? Job, DeviceOutcome? Refused) Begin(ProvisionRequest request, FactoryLog log, VerifiedImage image, int index, string slot, ProvisionTarget target)
    {
        try
        {
            if (request.Units is { } units)
            {
                var claimed = log.BeginFromUnits(Start(request, target, image, null), units);
                return (new KeyJob(index, slot, target, claimed.AttemptId, claimed.Unit), null);
            }

            return (new KeyJob(index, slot, target, log.Begin(Start(request, target, image, request.Unit)), request.Unit), null);
        }
        catch (DeviceFailedException ex)
        {
            return (null, Outcome(target, request.Unit, AttemptResult.Refused, ex.Message, 0, TimeSpan.Zero, null));
        }
    }

    /// <summary>
    /// Writes every key at once: one reader of the image feeds them all, and each has its own writer,
    /// read-back and verdict, recorded in the log as it ends. One failing does not stop the others.
    /// Ctrl-C records every key still being written as interrupted, then ends with <see cref="OperationCanceledException"/>.
    /// </summary>
    private static List<(int Index, DeviceOutcome Outcome)> WriteAll(ProvisionRequest request, FactoryLog log, VerifiedImage image, IReadOnlyList<KeyJob> jobs, IProgress<KeyProgress> progress, TimeProvider clock, CancellationToken cancellation)
    {
        if (jobs.Count == 0)
        {
            return [];
        }

        // The renderer draws from one thread: the writers take turns to report.
        var gate = new object();
        void Report(KeyProgress p)
        {
            lock (gate)
            {
                progress.Report(p);
            }
        }

        var feed = new ImageFeed(image.Path, KeyPlan.ImageSegmentsOf(image), jobs.Count);
        var reader = Task.Factory.StartNew(() => feed.Run(cancellation), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var writers = jobs.Select((job, k) => Task.Factory.StartNew(
            () => WriteOne(request, log, image, job, feed.Subscriptions[k], Report, clock, cancellation),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        try
        {
            Task.WaitAll(writers);
        }
        catch (AggregateException ex)
        {
            // A writer ends with an exception only for a bug or a log that fails: that is the run's failure.
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }

        try
        {
            reader.Wait(CancellationToken.None);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
        }

        var outcomes = writers.Select((w, k) => (jobs[k].Index, w.Result)).ToList();
        if (outcomes.Any(o => o.Result.Result == AttemptResult.Interrupted))
        {
            throw new OperationCanceledException(cancellation);
        }

        return outcomes;
    }

    private static DeviceOutcome WriteOne(ProvisionRequest request, FactoryLog log, VerifiedImage image, KeyJob job, ImageSubscription feed, Action<KeyProgress> report, TimeProvider clock, CancellationToken cancellation)
    {
        var clockStart = Stopwatch.StartNew();
        var (target, unit, id) = (job.Target, job.Unit, job.AttemptId);
        void Phase(KeyPhase phase, long done, long total) => report(new KeyProgress(job.Slot, target.Display, unit?.Serial, phase, done, total));
        void Finish(AttemptResult result, string? reason, long bytes) => log.Finish(id, result, reason, bytes);

        long written = 0;
        try
        {
            Phase(KeyPhase.Waiting, 0, 0);
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
                written = new KeyWriter().Write(plan, device, feed, (phase, done, total) =>
                {
                    if (phase == KeyPhase.Writing)
                    {
                        written = done;
                    }

                    Phase(phase, done, total);
                }, cancellation);
            }

            Finish(AttemptResult.Ok, null, written);
            return Outcome(target, unit, AttemptResult.Ok, null, written, clockStart.Elapsed, id);
        }
        catch (OperationCanceledException)
        {
            Finish(AttemptResult.Interrupted, InterruptedReason, written);
            Phase(KeyPhase.Failed, 0, 0);
            return Outcome(target, unit, AttemptResult.Interrupted, InterruptedReason, written, clockStart.Elapsed, id);
        }
        catch (FlashsmithException ex)
        {
            var reason = string.Join("; ", ex.Problems.Select(p => p.Message));
            Finish(AttemptResult.Failed, reason, written);
            Phase(KeyPhase.Failed, 0, 0);
            return Outcome(target, unit, AttemptResult.Failed, reason, written, clockStart.Elapsed, id);
        }
        finally
        {
            // Whatever became of this key, the others must not wait for it.
            feed.Abandon();
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

    private sealed record KeyJob(int Index, string Slot, ProvisionTarget Target, long AttemptId, UnitIdentity? Unit);

    private static DeviceOutcome Outcome(ProvisionTarget target, UnitIdentity? unit, AttemptResult result, string? reason, long written, TimeSpan elapsed, long? id) =>
        new(target.Display, target.Device?.Model, target.Device?.Serial, target.Size.Bytes, unit, result, reason, written, elapsed, id);
}
