using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Overlay.Table;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Qemu.Migration;
using Testbed.Topology;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Cli.Bench;

/// <summary>
/// Migrates real guests between the two data centers of the reference WAN, one case at a
/// time, on the same machinery as runs: the emulated WAN (its r1-r2 interconnect at the
/// case's rate), the smart routers, and the two-phase switch-over inside the pause. A UDP
/// probe every 5 ms from near2 measures what the user saw; QEMU's figures and the simple
/// model (RAM / bandwidth) stand beside it.
/// </summary>
internal static class MigrationBench
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>The site the probes come from: its traffic enters at dc2's router and is tunnelled to dc1 until the switch.</summary>
    private const string UserSite = "near2";

    /// <summary>The link the migration stream crosses between the data centers' regions.</summary>
    private static readonly (string A, string B) Interconnect = ("r1", "r2");

    /// <summary>What a Linux guest prints on its console when its kernel fails.</summary>
    private static readonly string[] GuestCrashMarkers = ["BUG:", "Oops", "Kernel panic"];

    public static async Task<MigrationBenchRow> RunCaseAsync(
        RuntimeRoot root, GuestImage image, Accelerator accel, int memoryMib, double linkMbps, double dirtyMbps, CancellationToken cancellationToken)
    {
        var model = memoryMib * 1024.0 * 1024.0 * 8 / (linkMbps * 1e6) * 1000;
        var guest = new GuestSpec("vm1", IPAddress.Parse("10.0.0.2"), "52:54:00:00:00:02", memoryMib, dirtyMbps);
        await using var run = RunDirectory.Create(root, $"bench-migration-{Guid.NewGuid():N}"[..24]);
        await using var wan = await WanNetwork.BuildAsync(run, Topology(linkMbps), cancellationToken: cancellationToken);
        await using var routers = await OverlayRouters.StartAsync(run, wan, cancellationToken: cancellationToken);
        await using var source = await WanGuest.StartAsync(run, wan, image, guest, "dc1", accel: accel, cancellationToken: cancellationToken);
        await using var destination = await WanGuest.StartAsync(run, wan, image, guest, "dc2", incoming: true, accel: accel, cancellationToken: cancellationToken);
        var home = new LocationEntry(guest.Address.ToString(), 1, ["dc1"], guest.Mac);
        foreach (var router in routers.Clients)
        {
            await router.ReplaceAsync(home, cancellationToken);
        }

        await source.WaitUntilServingAsync(TimeSpan.FromSeconds(90), cancellationToken);
        var probeSocket = wan.UserSocket(UserSite, SocketType.Dgram, ProtocolType.Udp);
        probeSocket.Connect(new IPEndPoint(guest.Address, ServicePorts.ProbeEcho));
        using var prober = new UdpProber(probeSocket, ProbeInterval);
        prober.Start();
        MigrationRecord record;
        try
        {
            var switchover = await TwoPhaseSwitchover.PrepareAsync(routers.Clients, home with { Epoch = 2, DataCenters = ["dc2"] }, cancellationToken);
            var uri = WanGuest.MigrationUri(wan, "dc2");
            record = await LiveMigration.RunAsync(source, destination, uri, uri, new MigrationSettings { Timeout = TimeSpan.FromMinutes(3) },
                switchover.CommitAsync, cancellationToken);
        }
        catch (MigrationFailedException failed)
        {
            prober.Stop();
            return new MigrationBenchRow(memoryMib, linkMbps, dirtyMbps, EnumWords<MigrationOutcome>.Word(failed.Record.Outcome),
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
            var console = await File.ReadAllTextAsync(destination.SerialLog, cancellationToken);
            var crashed = GuestCrashMarkers.Any(marker => console.Contains(marker, StringComparison.Ordinal));
            return new MigrationBenchRow(memoryMib, linkMbps, dirtyMbps, crashed ? "guest crashed" : "guest silent",
                record.QemuTotalMs, record.QemuDowntimeMs, record.RestoreMs, null, null, record.Statistics.Ram?.Transferred, model);
        }

        var gap = ProbeGap.Spanning(samples, resume);
        var convergence = gap is null ? (double?)null : (gap.FirstAnswerAfter - resume).TotalMilliseconds;
        return new MigrationBenchRow(memoryMib, linkMbps, dirtyMbps, EnumWords<MigrationOutcome>.Word(record.Outcome),
            record.QemuTotalMs, record.QemuDowntimeMs, record.RestoreMs, convergence, gap?.Duration.TotalMilliseconds,
            record.Statistics.Ram?.Transferred, model);
    }

    /// <summary>The reference two-region WAN, its interconnect held to <paramref name="linkMbps"/>.</summary>
    private static WanTopology Topology(double linkMbps)
    {
        var reference = ReferenceTopologies.TwoRegions();
        return reference with
        {
            Links = [.. reference.Links.Select(link => (link.A, link.B) == Interconnect
                ? link with { Properties = link.Properties with { BandwidthMbps = linkMbps } }
                : link)],
        };
    }
}
