using Testbed.Lab.Runs;
using Testbed.Qemu.Image;
using Testbed.Qemu.Migration;
using Testbed.Workload.Probing;

namespace Testbed.Cli.Bench;

/// <summary>
/// Migrates real guests across the two-data-center network, one case at a time, with a
/// UDP probe every 5 ms from the user site, and reports QEMU's figures beside what the
/// user saw and beside the simple model (RAM / bandwidth).
/// </summary>
internal static class MigrationBench
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>What a Linux guest prints on its console when its kernel fails.</summary>
    private static readonly string[] GuestCrashMarkers = ["BUG:", "Oops", "Kernel panic"];

    public static async Task<MigrationBenchRow> RunCaseAsync(
        RuntimeRoot root, GuestImage image, string accel, int memoryMib, double linkMbps, double dirtyMbps, CancellationToken cancellationToken)
    {
        var linkBitsPerSecond = (long)(linkMbps * 1_000_000);
        var model = memoryMib * 1024.0 * 1024.0 * 8 / linkBitsPerSecond * 1000;
        await using var pair = await MigrationPair.StartAsync(root, image, linkBitsPerSecond, memoryMib, dirtyMbps, accel);
        using var probeSocket = pair.ProbeSocket();
        using var prober = new UdpProber(probeSocket, ProbeInterval);
        prober.Start();
        MigrationRecord record;
        try
        {
            record = await pair.MigrateAsync(new MigrationSettings { Timeout = TimeSpan.FromMinutes(3) }, cancellationToken);
        }
        catch (MigrationFailedException failed)
        {
            prober.Stop();
            return new MigrationBenchRow(memoryMib, linkMbps, dirtyMbps, failed.Record.Outcome,
                failed.Record.QemuTotalMs, null, null, null, null, failed.Record.Statistics.Ram?.Transferred, model);
        }

        // Nothing can answer between source STOP and destination RESUME, so the gap spanning
        // RESUME runs from the source's last echo (even one still in flight at STOP) to the
        // destination's first. It closes only once that first echo arrives: wait for it.
        var resume = record.Timeline.DestinationResume ?? DateTimeOffset.UtcNow;
        var answered = await prober.WaitForAnswerAfterAsync(resume, TimeSpan.FromSeconds(30), cancellationToken);
        var samples = prober.Stop();
        if (!answered)
        {
            // QEMU called it complete, but the guest never answered from the destination.
            var console = await File.ReadAllTextAsync(pair.Destination.SerialLog, cancellationToken);
            var crashed = GuestCrashMarkers.Any(marker => console.Contains(marker, StringComparison.Ordinal));
            return new MigrationBenchRow(memoryMib, linkMbps, dirtyMbps, crashed ? "guest crashed" : "guest silent",
                record.QemuTotalMs, record.QemuDowntimeMs, record.RestoreMs, null, null, record.Statistics.Ram?.Transferred, model);
        }

        var gap = ProbeGap.Spanning(samples, resume);
        var convergence = gap is null ? (double?)null : (gap.FirstAnswerAfter - resume).TotalMilliseconds;
        return new MigrationBenchRow(memoryMib, linkMbps, dirtyMbps, record.Outcome,
            record.QemuTotalMs, record.QemuDowntimeMs, record.RestoreMs, convergence, gap?.Duration.TotalMilliseconds,
            record.Statistics.Ram?.Transferred, model);
    }
}
