using System.Text.Json;
using Testbed.Lab.Timing;
using Testbed.Qemu.Host;
using Testbed.Qemu.Qmp;
using Testbed.Workload.Records;

namespace Testbed.Qemu.Migration;

/// <summary>
/// Pre-copy live migration between two QEMUs, over whatever network joins their
/// namespaces. With pause-before-switchover, QEMU stops at the end with the VM paused
/// and waits: the switch-over hook runs there (the smart routers switch while nothing
/// runs), then the migration continues and the destination resumes. Whatever goes wrong
/// (a failed stream, a dead destination, a throwing hook, cancellation, the timeout),
/// the source VM is left running and serving.
/// </summary>
public static class LiveMigration
{
    /// <param name="destination">A QEMU started with the same options and <see cref="QemuVmOptions.IncomingDeferred"/>.</param>
    /// <param name="listenUri">Where the destination listens, e.g. tcp:10.255.0.2:4444.</param>
    /// <param name="connectUri">Where the source connects; the same address seen from the source's namespace.</param>
    /// <param name="switchover">Runs while the VM is paused before switch-over; null to switch at once.</param>
    public static async Task<MigrationRecord> RunAsync(
        QemuVm source, QemuVm destination, string listenUri, string connectUri, MigrationSettings settings,
        Func<CancellationToken, Task>? switchover = null, CancellationToken cancellationToken = default)
    {
        await using var incoming = new IncomingQemu(destination);
        return await RunAsync(source, incoming, listenUri, connectUri, settings, switchover, cancellationToken);
    }

    /// <summary>As the other overload, to a destination that may be on another lab machine.</summary>
    public static async Task<MigrationRecord> RunAsync(
        QemuVm source, IMigrationDestination destination, string listenUri, string connectUri, MigrationSettings settings,
        Func<CancellationToken, Task>? switchover = null, CancellationToken cancellationToken = default)
    {
        // Both ends must agree on the stream's format (multifd, XBZRLE, postcopy); the pause and the throttle are the source's.
        var capabilities = new Dictionary<string, bool>
        {
            [MigrationCapabilities.Events] = true,
            [MigrationCapabilities.PostcopyRam] = settings.PostcopyRam,
            [MigrationCapabilities.Multifd] = settings.MultifdChannels is not null,
            [MigrationCapabilities.Xbzrle] = settings.XbzrleCacheBytes is not null,
        };
        var forDestination = new Dictionary<string, bool>(capabilities);
        capabilities[MigrationCapabilities.PauseBeforeSwitchover] = settings.PauseBeforeSwitchover;
        capabilities[MigrationCapabilities.AutoConverge] = settings.AutoConverge;
        await source.Qmp.MigrateSetCapabilitiesAsync(capabilities, cancellationToken);
        await source.Qmp.MigrateSetParametersAsync(
            new MigrationParameters(settings.DowntimeLimitMs, settings.MaxBandwidthBytesPerSecond, settings.MultifdChannels, settings.XbzrleCacheBytes), cancellationToken);
        var applied = await AppliedAsync(source, cancellationToken);

        using var sourceEvents = source.Qmp.Listen("STOP", "MIGRATION");
        await destination.ListenAsync(forDestination, settings.MultifdChannels, listenUri, cancellationToken);

        var timeline = new MigrationTimeline { Started = DateTimeOffset.UtcNow };
        var states = new List<MigrationState>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        MigrationOutcome outcome;
        string? error = null;
        var sourceGone = false;
        try
        {
            await source.Qmp.MigrateAsync(connectUri, deadline.Token);
            (outcome, timeline) = await FollowSourceAsync(source, sourceEvents, timeline, states, switchover, settings.PostcopyRam, deadline.Token);
        }
        catch (Exception failure) when (failure is not MigrationFailedException)
        {
            outcome = cancellationToken.IsCancellationRequested ? MigrationOutcome.Cancelled : MigrationOutcome.Failed;
            error = failure is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"did not complete within {settings.Timeout.TotalSeconds:0} s"
                : failure.Message;
            sourceGone = await ExitedAsync(source, failure);
            if (!sourceGone)
            {
                await CancelAsync(source);
            }
        }

        timeline = timeline with { SourceStates = states };
        if (sourceGone)
        {
            // The only whole copy is gone: nothing to resume, and nothing more to ask it.
            throw new MigrationFailedException(new MigrationRecord(
                MigrationOutcome.Failed, MigrationInfo.None, timeline,
                $"the source's QEMU exited during the migration ({error ?? "no other error"})") { Applied = applied });
        }

        if (outcome == MigrationOutcome.Completed)
        {
            // The source is done once it has sent everything; the destination may still die
            // loading it. Then the source, paused and complete, is the only copy: it resumes.
            var resume = await destination.ResumedAsync();
            if (resume.Error is null)
            {
                timeline = timeline with { DestinationResume = resume.At };
            }
            else
            {
                (outcome, error) = (MigrationOutcome.Failed, resume.Error);
            }
        }

        var statistics = await source.Qmp.QueryMigrateAsync(CancellationToken.None);
        var record = new MigrationRecord(outcome, statistics, timeline, error ?? statistics.ErrorDesc) { Applied = applied };
        if (!record.Succeeded)
        {
            await EnsureRunningAsync(source);
            throw new MigrationFailedException(record);
        }

        return record;
    }

    /// <summary>
    /// Resumes a source whose migration completed but whose destination cannot take over
    /// (it died, or the network could not follow it): the source still holds the whole
    /// state, paused, and runs on from where it stopped.
    /// </summary>
    public static Task ResumeSourceAsync(QemuVm source) => EnsureRunningAsync(source);

    /// <summary>
    /// Clones a running VM to the destination (a migration), then resumes the source too:
    /// two copies with the same address and state, each serving in its own namespace.
    /// </summary>
    public static async Task<MigrationRecord> ReplicateAsync(
        QemuVm source, QemuVm destination, string listenUri, string connectUri, MigrationSettings settings, CancellationToken cancellationToken = default)
    {
        var record = await RunAsync(source, destination, listenUri, connectUri, settings, null, cancellationToken);
        await source.Qmp.ContAsync(cancellationToken);
        return record;
    }

    /// <summary>What the source QEMU was really set to; read back, since QEMU may round or refuse what it was given.</summary>
    private static async Task<AppliedMigrationSettings> AppliedAsync(QemuVm source, CancellationToken cancellationToken)
    {
        var parameters = await source.Qmp.QueryMigrateParametersAsync(cancellationToken);
        var capabilities = await source.Qmp.QueryMigrateCapabilitiesAsync(cancellationToken);
        bool On(string name) => capabilities.TryGetValue(name, out var on) && on;
        return new AppliedMigrationSettings(parameters.DowntimeLimit, parameters.MaxBandwidth,
            On(MigrationCapabilities.Multifd) ? parameters.MultifdChannels : null, On(MigrationCapabilities.Xbzrle) ? parameters.XbzrleCacheSize : null,
            On(MigrationCapabilities.PostcopyRam), On(MigrationCapabilities.AutoConverge), On(MigrationCapabilities.PauseBeforeSwitchover));
    }

    /// <param name="postcopy">Switch to post-copy as soon as the migration is active: RAM then moves on demand, after the destination runs.</param>
    private static async Task<(MigrationOutcome Outcome, MigrationTimeline Timeline)> FollowSourceAsync(
        QemuVm source, Qmp.QmpEventListener events, MigrationTimeline timeline, List<MigrationState> states,
        Func<CancellationToken, Task>? switchover, bool postcopy, CancellationToken cancellationToken)
    {
        var postcopyStarted = false;
        while (true)
        {
            var next = await events.NextAsync(cancellationToken);
            if (next.Name == "STOP")
            {
                timeline = timeline with { SourceStop = next.Timestamp };
                continue;
            }

            var status = next.Data.ValueKind == JsonValueKind.Object && next.Data.TryGetProperty("status", out var s) ? s.GetString() ?? "" : "";
            states.Add(new MigrationState(status, next.Timestamp));
            switch (status)
            {
                case "active" when postcopy && !postcopyStarted:
                    // Post-copy from the start: QEMU stops the VM as soon as what cannot move
                    // after it (devices) fits, and the destination pulls RAM as it runs.
                    postcopyStarted = true;
                    await StartPostcopyAsync(source, cancellationToken);
                    break;
                case "pre-switchover":
                    timeline = timeline with { PreSwitchover = next.Timestamp };
                    if (switchover is not null)
                    {
                        await switchover(cancellationToken);
                    }

                    timeline = timeline with { SwitchoverDone = DateTimeOffset.UtcNow };
                    await source.Qmp.MigrateContinueAsync("pre-switchover", cancellationToken);
                    break;
                case "completed":
                    timeline = timeline with { SourceCompleted = next.Timestamp };
                    if (timeline.PreSwitchover is null && switchover is not null)
                    {
                        // Without the pause, the network can only follow once the source is done.
                        await switchover(cancellationToken);
                        timeline = timeline with { SwitchoverDone = DateTimeOffset.UtcNow };
                    }

                    return (MigrationOutcome.Completed, timeline);
                case "failed":
                    return (MigrationOutcome.Failed, timeline);
                case "cancelled":
                    return (MigrationOutcome.Cancelled, timeline);
            }
        }
    }

    private static async Task StartPostcopyAsync(QemuVm source, CancellationToken cancellationToken)
    {
        try
        {
            await source.Qmp.ExecuteAsync("migrate-start-postcopy", null, cancellationToken);
        }
        catch (QmpErrorException)
        {
            // The migration had already moved past where post-copy can start (it completed in pre-copy): nothing to switch.
        }
    }

    /// <summary>
    /// Whether the source's QEMU is gone: exited, or about to be, when its QMP connection broke
    /// (the socket closes as the process dies, a moment before it can be reaped).
    /// </summary>
    private static async Task<bool> ExitedAsync(QemuVm source, Exception failure)
    {
        if (source.Process.HasExited)
        {
            return true;
        }

        if (failure is not (QmpProtocolException or IOException or ObjectDisposedException or System.Threading.Channels.ChannelClosedException))
        {
            return false;
        }

        try
        {
            await source.Process.WaitForExitAsync().WaitAsync(DyingGrace);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>How long a QEMU whose QMP connection broke may take to be reaped before it counts as alive.</summary>
    private static readonly TimeSpan DyingGrace = TimeSpan.FromSeconds(5);

    private static async Task CancelAsync(QemuVm source)
    {
        try
        {
            await source.Qmp.MigrateCancelAsync(CancellationToken.None);
        }
        catch (QmpErrorException)
        {
            // Nothing to cancel any more: it had already ended.
        }
    }

    /// <summary>A failed or cancelled migration normally resumes the source itself; one stopped at pre-switchover may stay paused.</summary>
    private static async Task EnsureRunningAsync(QemuVm source)
    {
        const string Running = "running", Settled = "settled";
        bool running;
        try
        {
            running = await WaitUntil.FoundAsync(async token =>
            {
                if ((await source.Qmp.QueryStatusAsync(token)).Running)
                {
                    return Running;
                }

                var migration = await source.Qmp.QueryMigrateAsync(token);
                return migration.Status is null or "failed" or "cancelled" or "completed" ? Settled : null;
            }, SettleTimeout, SettlePoll, () => new TimeoutException()) == Running;
        }
        catch (TimeoutException)
        {
            running = false;
        }

        if (!running)
        {
            await source.Qmp.ContAsync(CancellationToken.None);
        }
    }

    /// <summary>How long a source may take to resume by itself, or its migration to settle, before it is told to run.</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(20);
}
