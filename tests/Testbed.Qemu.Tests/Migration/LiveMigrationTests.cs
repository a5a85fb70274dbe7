using System.Text.Json;
using Testbed.Lab.Processes;
using Testbed.Qemu.Migration;
using Testbed.TestSupport;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Qemu.Tests.Migration;

/// <summary>Live migration and replication of real guests (TCG) across namespaces joined by a tbf-limited veth.</summary>
public sealed class LiveMigrationTests(GuestImageFixture images) : ScratchRootTest, IClassFixture<GuestImageFixture>
{
    private const long HundredMegabits = 100_000_000;

    [Fact]
    public async Task A_migrated_guest_keeps_its_state_and_connection_and_every_figure_is_recorded()
    {
        await using var pair = await MigrationPair.StartAsync(Scratch.Root, images.Image, HundredMegabits);
        using var connection = await pair.ConnectAsync();
        var before = new[] { await connection.RequestAsync(), await connection.RequestAsync() };
        using var probeSocket = pair.ProbeSocket();
        using var prober = new UdpProber(probeSocket, TimeSpan.FromMilliseconds(5));
        prober.Start();

        var record = await pair.MigrateAsync(new MigrationSettings());
        var after = await connection.RequestAsync();
        Assert.True(await prober.WaitForAnswerAfterAsync(record.Timeline.DestinationResume!.Value, TimeSpan.FromSeconds(30)));
        var samples = prober.Stop();

        Assert.Equal([new("vm1", 1), new("vm1", 2)], before);
        Assert.Equal(new ServiceReply("vm1", 3), after);
        Assert.Equal("postmigrate", (await pair.Source.Qmp.QueryStatusAsync()).Status);
        Assert.True((await pair.Destination.Qmp.QueryStatusAsync()).Running);

        Assert.True(record.Succeeded);
        Assert.True(record.QemuDowntimeMs > 0);
        Assert.True(record.QemuTotalMs > 0);
        Assert.True(record.Statistics.SetupTime >= 0);
        Assert.True(record.Statistics.Ram!.Transferred > 0);
        Assert.True(record.Statistics.Ram.DirtySyncCount >= 1);
        var t = record.Timeline;
        DateTimeOffset[] ordered = [t.Started, t.SourceStop!.Value, t.PreSwitchover!.Value, t.SwitchoverDone!.Value, t.SourceCompleted!.Value, t.DestinationResume!.Value];
        Assert.Equal(ordered.Order(), ordered);
        Assert.Contains(t.SourceStates, s => s.Status == "active");
        Assert.True(record.RestoreMs >= 0);

        var gap = ProbeGap.Spanning(samples, t.DestinationResume!.Value);
        Assert.NotNull(gap);
        Assert.True(samples.Count(s => s.AnsweredAt is not null) > 100, "the probe ran through the migration");
        Assert.True(gap.Duration > TimeSpan.FromMilliseconds(5), "a migration is never invisible to a 5 ms probe");
        Assert.True(gap.Duration < TimeSpan.FromSeconds(30), $"gap {gap.Duration}");
        Assert.True(gap.LastAnswerBefore <= t.DestinationResume && gap.FirstAnswerAfter > t.DestinationResume);
        Assert.True(gap.Duration.TotalMilliseconds >= record.PausedMs! - 50, "the user saw at least the time the VM ran nowhere");
    }

    /// <summary>
    /// QEMU 7.2 failed exactly this: it reported the migration completed after several
    /// dirty-page rounds, and the guest kernel then oopsed on the destination.
    /// </summary>
    [Fact]
    public async Task A_guest_writing_memory_throughout_a_slow_migration_arrives_intact()
    {
        const int memoryMib = 96;
        await using var pair = await MigrationPair.StartAsync(Scratch.Root, images.Image, HundredMegabits, memoryMib, dirtyMegabytesPerSecond: 5);
        using var connection = await pair.ConnectAsync();
        var before = await connection.RequestAsync();

        var record = await pair.MigrateAsync(new MigrationSettings());
        var after = await connection.RequestAsync();
        using var fresh = await pair.ConnectAsync();
        var third = await fresh.RequestAsync();

        Assert.True(record.Succeeded);
        Assert.True(record.Statistics.Ram!.DirtySyncCount > 2, $"only {record.Statistics.Ram.DirtySyncCount} dirty-page rounds");
        Assert.True(record.Statistics.Ram.Transferred > memoryMib * 1024L * 1024, "pages written during the migration were sent again");
        Assert.Equal(new ServiceReply("vm1", before.Count + 1), after);
        Assert.Equal(new ServiceReply("vm1", before.Count + 2), third);
        var console = await File.ReadAllTextAsync(pair.Destination.SerialLog);
        Assert.DoesNotContain("Oops", console, StringComparison.Ordinal);
        Assert.DoesNotContain("BUG:", console, StringComparison.Ordinal);
    }

    /// <summary>
    /// Each setting reaches QEMU: read back from the source after it was set, and the
    /// migration completes with it. Post-copy is switched to after the first pass, so the
    /// source goes through postcopy-active. QEMU 10 refuses multifd and post-copy together
    /// ("Postcopy is not yet compatible with multifd").
    /// </summary>
    [Theory]
    [InlineData(2, false, null, false, 50L)]
    [InlineData(null, true, null, false, 300L)]
    [InlineData(null, false, 8L * 1024 * 1024, true, 120L)]
    public async Task Migration_settings_reach_qemu_and_the_migration_completes_with_them(int? multifdChannels, bool postcopy, long? xbzrleCacheBytes, bool autoConverge, long downtimeLimitMs)
    {
        await using var pair = await MigrationPair.StartAsync(Scratch.Root, images.Image, 1_000_000_000, memoryMib: 96);
        using var connection = await pair.ConnectAsync();
        var before = await connection.RequestAsync();
        var settings = new MigrationSettings
        {
            MultifdChannels = multifdChannels, PostcopyRam = postcopy, XbzrleCacheBytes = xbzrleCacheBytes, AutoConverge = autoConverge,
            DowntimeLimitMs = downtimeLimitMs, MaxBandwidthBytesPerSecond = 200_000_000,
        };

        var record = await pair.MigrateAsync(settings);
        var after = await connection.RequestAsync();

        Assert.True(record.Succeeded, record.Error);
        Assert.NotNull(record.Timeline.DestinationResume);
        Assert.Equal(new ServiceReply("vm1", before.Count + 1), after);
        Assert.Equal(new AppliedMigrationSettings(downtimeLimitMs, 200_000_000, multifdChannels, xbzrleCacheBytes, postcopy, autoConverge, PauseBeforeSwitchover: true), record.Applied);
        Assert.Equal(postcopy, record.Timeline.SourceStates.Any(s => s.Status == "postcopy-active"));
    }

    [Fact]
    public async Task When_the_destination_dies_mid_migration_the_source_goes_on_serving()
    {
        await using var pair = await MigrationPair.StartAsync(Scratch.Root, images.Image, HundredMegabits);
        using var connection = await pair.ConnectAsync();
        await connection.RequestAsync();
        using var sourceMigration = pair.Source.Qmp.Listen("MIGRATION");

        // Slowed to 2 MB/s so the migration is surely still running when the destination is killed.
        var migration = LiveMigration.RunAsync(pair.Source, pair.Destination, MigrationPair.ListenUri, MigrationPair.ConnectUri,
            new MigrationSettings { MaxBandwidthBytesPerSecond = 2_000_000 });
        await WaitForStatusAsync(sourceMigration, "active");
        Signals.KillNow(pair.Destination.Process.Identity!);

        var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => migration);
        Assert.Equal(MigrationOutcome.Failed, failure.Record.Outcome);
        Assert.True((await pair.Source.Qmp.QueryStatusAsync()).Running);
        Assert.Equal(new ServiceReply("vm1", 2), await connection.RequestAsync());
    }

    [Fact]
    public async Task A_cancelled_migration_leaves_the_source_serving()
    {
        await using var pair = await MigrationPair.StartAsync(Scratch.Root, images.Image, HundredMegabits);
        using var connection = await pair.ConnectAsync();
        await connection.RequestAsync();
        using var sourceMigration = pair.Source.Qmp.Listen("MIGRATION");
        using var cancel = new CancellationTokenSource();

        var migration = LiveMigration.RunAsync(pair.Source, pair.Destination, MigrationPair.ListenUri, MigrationPair.ConnectUri,
            new MigrationSettings { MaxBandwidthBytesPerSecond = 2_000_000 }, cancellationToken: cancel.Token);
        await WaitForStatusAsync(sourceMigration, "active");
        await cancel.CancelAsync();

        var failure = await Assert.ThrowsAsync<MigrationFailedException>(() => migration);
        Assert.Equal(MigrationOutcome.Cancelled, failure.Record.Outcome);
        Assert.True((await pair.Source.Qmp.QueryStatusAsync()).Running);
        Assert.Equal(new ServiceReply("vm1", 2), await connection.RequestAsync());
    }

    [Fact]
    public async Task A_replica_serves_at_the_same_address_beside_the_original_and_can_be_dropped()
    {
        await using var pair = await MigrationPair.StartAsync(Scratch.Root, images.Image, HundredMegabits);
        using (var first = await pair.ConnectAsync())
        {
            await first.RequestAsync();
        }

        var record = await LiveMigration.ReplicateAsync(pair.Source, pair.Destination, MigrationPair.ListenUri, MigrationPair.ConnectUri, new MigrationSettings());

        await pair.Network.RouteServiceToAsync(MigrationPair.Service, 1);
        using (var replica = await pair.ConnectAsync())
        {
            Assert.Equal(ControlLine.Ok, await replica.SendAsync(ControlLine.SetName("vm1-dc2")));
            Assert.Equal(new ServiceReply("vm1-dc2", 2), await replica.RequestAsync());
            Assert.Equal(new ServiceReply("vm1-dc2", 3), await replica.RequestAsync());
        }

        await pair.Network.RouteServiceToAsync(MigrationPair.Service, 0);
        using (var original = await pair.ConnectAsync())
        {
            Assert.Equal(new ServiceReply("vm1", 2), await original.RequestAsync());
        }

        Assert.True(record.Succeeded);
        Assert.True((await pair.Source.Qmp.QueryStatusAsync()).Running);
        Assert.True((await pair.Destination.Qmp.QueryStatusAsync()).Running);

        var replicaProcess = pair.Destination.Process.Identity!;
        await pair.Destination.DisposeAsync();
        Assert.False(replicaProcess.IsAlive);
        using var survivor = await pair.ConnectAsync();
        Assert.Equal(new ServiceReply("vm1", 3), await survivor.RequestAsync());
    }

    private static async Task WaitForStatusAsync(Testbed.Qemu.Qmp.QmpEventListener events, string status)
    {
        while (true)
        {
            var next = await events.NextAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (next.Data.ValueKind == JsonValueKind.Object && next.Data.GetProperty("status").GetString() == status)
            {
                return;
            }
        }
    }
}
