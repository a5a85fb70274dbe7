using System.Text.Json;
using Testbed.Qemu.Host;
using Testbed.Qemu.Qmp;

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
    private static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(30);

    /// <param name="destination">A QEMU started with the same options and <see cref="QemuVmOptions.IncomingDeferred"/>.</param>
    /// <param name="listenUri">Where the destination listens, e.g. tcp:10.255.0.2:4444.</param>
    /// <param name="connectUri">Where the source connects; the same address seen from the source's namespace.</param>
    /// <param name="switchover">Runs while the VM is paused before switch-over; null to switch at once.</param>
    public static async Task<MigrationRecord> RunAsync(
        QemuVm source, QemuVm destination, string listenUri, string connectUri, MigrationSettings settings,
        Func<CancellationToken, Task>? switchover = null, CancellationToken cancellationToken = default)
    {
        var capabilities = new Dictionary<string, bool>
        {
            [MigrationCapabilities.Events] = true,
            [MigrationCapabilities.PostcopyRam] = settings.PostcopyRam,
            [MigrationCapabilities.Multifd] = settings.Multifd,
        };
        await destination.Qmp.MigrateSetCapabilitiesAsync(capabilities, cancellationToken);
        capabilities[MigrationCapabilities.PauseBeforeSwitchover] = settings.PauseBeforeSwitchover;
        await source.Qmp.MigrateSetCapabilitiesAsync(capabilities, cancellationToken);
        await source.Qmp.MigrateSetParametersAsync(new MigrationParameters(settings.DowntimeLimitMs, settings.MaxBandwidthBytesPerSecond), cancellationToken);

        using var sourceEvents = source.Qmp.Listen("STOP", "MIGRATION");
        using var destinationEvents = destination.Qmp.Listen("RESUME");
        await destination.Qmp.MigrateIncomingAsync(listenUri, cancellationToken);

        var timeline = new MigrationTimeline { Started = DateTimeOffset.UtcNow };
        var states = new List<MigrationState>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        string outcome;
        string? error = null;
        try
        {
            await source.Qmp.MigrateAsync(connectUri, deadline.Token);
            (outcome, timeline) = await FollowSourceAsync(source, sourceEvents, timeline, states, switchover, deadline.Token);
        }
        catch (Exception failure) when (failure is not MigrationFailedException)
        {
            outcome = cancellationToken.IsCancellationRequested ? "cancelled" : "failed";
            error = failure is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"did not complete within {settings.Timeout.TotalSeconds:0} s"
                : failure.Message;
            await CancelAsync(source);
        }

        timeline = timeline with { SourceStates = states };
        if (outcome == MigrationRecord.Completed)
        {
            var resume = await destinationEvents.NextAsync(CancellationToken.None).WaitAsync(ResumeTimeout, CancellationToken.None);
            timeline = timeline with { DestinationResume = resume.Timestamp };
        }

        var statistics = await source.Qmp.QueryMigrateAsync(CancellationToken.None);
        var record = new MigrationRecord(outcome, statistics, timeline, error ?? statistics.ErrorDesc);
        if (!record.Succeeded)
        {
            await EnsureRunningAsync(source);
            throw new MigrationFailedException(record);
        }

        return record;
    }

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

    private static async Task<(string Outcome, MigrationTimeline Timeline)> FollowSourceAsync(
        QemuVm source, Qmp.QmpEventListener events, MigrationTimeline timeline, List<MigrationState> states,
        Func<CancellationToken, Task>? switchover, CancellationToken cancellationToken)
    {
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

                    return (MigrationRecord.Completed, timeline);
                case "failed" or "cancelled":
                    return (status, timeline);
            }
        }
    }

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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var info = await source.Qmp.QueryMigrateAsync(CancellationToken.None);
            var settled = info.Status is null or "failed" or "cancelled" or "completed";
            var status = await source.Qmp.QueryStatusAsync(CancellationToken.None);
            if (status.Running)
            {
                return;
            }

            if (settled || DateTime.UtcNow > deadline)
            {
                await source.Qmp.ContAsync(CancellationToken.None);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
