using System.Globalization;
using Flashsmith.Devices;
using Flashsmith.Diagnostics;
using Flashsmith.Signing;

namespace Flashsmith.Provisioning;

/// <summary>
/// An unattended station: verifies the image once, then watches <c>/sys/block</c> and provisions every key
/// that appears in a slot its pattern names, and only those, each as <c>provision</c> would (every safety
/// rule but the fixed-disk one, which the slot pattern stands for). Several keys are written at once.
/// Each slot's state goes to the observer as it changes. Ctrl-C records every write in flight as
/// interrupted, then ends with <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class Station(StationOptions options, BlockDevices devices, TimeProvider clock)
{
    private readonly Lock turn = new();
    private readonly Dictionary<string, SlotState> slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> media = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> writing = new(StringComparer.Ordinal);
    private FactoryLog? log;

    /// <summary>Every slot seen so far, in name order.</summary>
    public IReadOnlyList<SlotState> Slots
    {
        get
        {
            lock (turn)
            {
                return [.. slots.Values.OrderBy(s => s.Slot, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>This station's last <paramref name="count"/> attempts in the log, newest first; none before the log is open.</summary>
    public IReadOnlyList<AttemptRecord> RecentAttempts(int count) =>
        log is { } open ? open.Latest(count, options.Station) : [];

    /// <summary>
    /// Runs until <paramref name="cancellation"/>: <paramref name="ready"/> hears once the image is verified and the
    /// log open, <paramref name="changed"/> each slot's new state, one call at a time.
    /// </summary>
    public void Run(Action<VerifiedImage, string, bool> ready, Action<SlotState> changed, CancellationToken cancellation)
    {
        using var trusted = TrustedCertificate.Load(options.CertificatePath, options.ProjectRoot);
        using var opened = FactoryLog.Open(options.LogPath, clock);
        var located = ProvisionImage.Locate(options.ImagePath, devices);
        var image = VerifiedImage.Load(located.Path, trusted.Certificate);
        var request = new ProvisionRequest(located.Path, [], options.CertificatePath, options.ProjectRoot, null, options.Units, options.Grow, [], opened.Path, options.Station);
        log = opened;
        ready(image, opened.Path, trusted.IsDevelopment);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                Poll(request, opened, located, image, changed, cancellation);
                cancellation.WaitHandle.WaitOne(options.PollInterval);
            }
        }
        finally
        {
            Task[] inFlight;
            lock (turn)
            {
                inFlight = [.. writing.Values];
            }

            // Every write in flight sees the cancellation, records itself as interrupted and ends.
            Task.WaitAll(inFlight);
            log = null;
        }

        cancellation.ThrowIfCancellationRequested();
    }

    private void Poll(ProvisionRequest request, FactoryLog opened, ProvisionImage located, VerifiedImage image, Action<SlotState> changed, CancellationToken cancellation)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Names())
        {
            var folder = devices.Sysfs.FolderOfName(name);
            var path = devices.Roots.DevicePath(name);
            if (folder is null || devices.Sysfs.IsPartition(folder) || !options.Slots.Matches(path, folder))
            {
                continue;
            }

            var slot = SlotOf(folder, name);
            seen.Add(slot);
            var sectors = long.TryParse(devices.Sysfs.Read(folder, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            var identity = sectors == 0 ? null : $"{devices.Sysfs.Read(folder, "dev")}:{devices.Sysfs.Read(folder, "diskseq") ?? sectors.ToString(CultureInfo.InvariantCulture)}";
            lock (turn)
            {
                var previous = media.GetValueOrDefault(slot);
                if (identity is null)
                {
                    Gone(slot, changed);
                    continue;
                }

                if (identity == previous || writing.ContainsKey(slot))
                {
                    continue;
                }

                media[slot] = identity;
                Update(new SlotState(slot, SlotStatus.Writing, path, null, 0, 0, null, null, null), changed);
                writing[slot] = Task.Factory.StartNew(
                    () => Write(request, opened, located, image, slot, path, changed, cancellation),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
            }
        }

        lock (turn)
        {
            foreach (var slot in slots.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                Gone(slot, changed);
            }
        }
    }

    private void Write(ProvisionRequest request, FactoryLog opened, ProvisionImage located, VerifiedImage image, string slot, string path, Action<SlotState> changed, CancellationToken cancellation)
    {
        try
        {
            var target = ProvisionTarget.Resolve(path, devices);
            var progress = new Reporter(p => Progressed(p, changed));
            var outcome = Provisioner.ProvisionArrived(request, opened, located, image, [target], [slot], [target.ResolvedPath], progress, clock, cancellation).Single();
            Finished(slot, path, outcome.Unit?.Serial, outcome.Result, outcome.Reason, outcome.AttemptId, changed);
        }
        catch (OperationCanceledException)
        {
            Finished(slot, path, null, AttemptResult.Interrupted, Provisioner.InterruptedReason, null, changed);
        }
        catch (FlashsmithException ex)
        {
            Finished(slot, path, null, AttemptResult.Failed, ex.Message, null, changed);
        }
        finally
        {
            lock (turn)
            {
                writing.Remove(slot);
            }
        }
    }

    private void Progressed(KeyProgress p, Action<SlotState> changed)
    {
        var status = p.Phase switch
        {
            KeyPhase.Verifying => SlotStatus.Verifying,
            KeyPhase.Waiting or KeyPhase.Writing or KeyPhase.Flushing => SlotStatus.Writing,
            _ => (SlotStatus?)null,
        };
        if (status is null)
        {
            return;
        }

        lock (turn)
        {
            var old = slots[p.Slot];
            var (done, total) = p.Phase == KeyPhase.Flushing ? (old.Total, old.Total) : (p.Done, p.Total);
            var next = old with { Status = status.Value, UnitSerial = p.UnitSerial, Done = done, Total = total };

            // A progress line per 4 MiB is plenty for people: only whole percents and new phases are news.
            if (next.Status != old.Status || next.Percent != old.Percent || next.UnitSerial != old.UnitSerial)
            {
                Update(next, changed);
            }
        }
    }

    private void Finished(string slot, string path, string? unit, AttemptResult result, string? reason, long? attempt, Action<SlotState> changed)
    {
        lock (turn)
        {
            var old = slots[slot];
            var ok = result == AttemptResult.Ok;
            Update(
                new SlotState(slot, ok ? SlotStatus.Done : SlotStatus.Failed, path, unit ?? old.UnitSerial, ok ? old.Total : old.Done, old.Total, ok ? null : $"{result.ToName()}: {reason}", attempt, result),
                changed);
        }
    }

    /// <summary>The key in <paramref name="slot"/> was taken out (or its loop device detached).</summary>
    private void Gone(string slot, Action<SlotState> changed)
    {
        media.Remove(slot);
        if (!slots.TryGetValue(slot, out var old))
        {
            Update(new SlotState(slot, SlotStatus.Empty, null, null, 0, 0, null, null, null), changed);
        }
        else if (old.Status is SlotStatus.Done or SlotStatus.Failed)
        {
            Update(old with { Status = SlotStatus.Removed }, changed);
        }
    }

    private void Update(SlotState state, Action<SlotState> changed)
    {
        slots[state.Slot] = state;
        changed(state);
    }

    /// <summary>A USB key's slot is its port (<c>1-2.3</c>), whatever name the kernel gives the disk; any other disk's is its name.</summary>
    private string SlotOf(string folder, string name)
    {
        for (var dir = Path.GetDirectoryName(folder); dir is not null && dir.Length > devices.Roots.Sys.Length; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "idVendor")))
            {
                return "usb " + Path.GetFileName(dir);
            }
        }

        return name;
    }

    private List<string> Names()
    {
        var folder = Path.Combine(devices.Roots.Sys, "block");
        try
        {
            return [.. Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private sealed class Reporter(Action<KeyProgress> report) : IProgress<KeyProgress>
    {
        public void Report(KeyProgress value) => report(value);
    }
}
