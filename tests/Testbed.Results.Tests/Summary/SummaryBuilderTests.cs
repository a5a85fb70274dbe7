using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Tests.Summary;

public sealed class SummaryBuilderTests
{
    private static readonly RunIdentity Identity = new("exp", "run", "overlay", "scripted", "userspace", "tcg", 1, 20, DateTimeOffset.UnixEpoch);

    private static readonly IReadOnlyList<TimelinePhase> Phases = TimelinePhase.Split(20, [(8, "migrate app to dc2")]);

    [Fact]
    public void The_timeline_splits_into_phases_at_its_event_times()
    {
        Assert.Equal(["0s-8s", "8s-20s"], Phases.Select(p => p.Name));
        Assert.Equal(["migrate app to dc2"], Phases[1].Events);
        Assert.Single(TimelinePhase.Split(20, [(0, "at the start"), (25, "after the end")]));
    }

    [Fact]
    public void Response_times_are_summarised_per_group_and_phase_from_successful_requests_only()
    {
        var requests = new List<RequestRow>();
        for (var i = 1; i <= 100; i++)
        {
            requests.Add(new RequestRow(i * 0.07, "users", 0, "near2", 40 + i, RequestOutcome.Ok, "app"));
            requests.Add(new RequestRow(8 + (i * 0.1), "users", 1, "near2", 5 + (i / 100.0), RequestOutcome.Ok, "app"));
        }

        requests.Add(new RequestRow(9, "users", 1, "near2", null, RequestOutcome.Timeout, null));
        requests.Add(new RequestRow(-0.5, "users", 1, "near2", 1000, RequestOutcome.Ok, "app"));
        var summary = Build(new RecordedRun(requests, [], [], [], []));

        var before = summary.ResponseTimeMs["users"]["0s-8s"];
        var after = summary.ResponseTimeMs["users"]["8s-20s"];
        Assert.Equal(100, before.Count);
        Assert.Equal(90, before.P50);
        Assert.Equal(135, before.P95);
        Assert.Equal(100, after.Count);
        Assert.Equal(5.5, after.P50);
        Assert.Equal(201, summary.Requests.Total);
        Assert.Equal(1, summary.Requests.Failed);
        Assert.Equal(1, summary.Requests.ByOutcome["timeout"]);
    }

    [Fact]
    public void Client_downtime_and_convergence_per_site_come_from_the_probes_around_the_resume()
    {
        // Probes every 5 ms with a 4 ms round trip. near2 loses those sent from 9.000 s to
        // 9.295 s: its last answer is at 8.999 s, its first after the resume (9.250 s) at
        // 9.304 s. near1 loses those from 9.100 s to 9.255 s: answers at 9.099 s and 9.264 s.
        var probes = new List<ProbeRow>();
        for (var i = 0; i < 600; i++)
        {
            var sentMs = 8000 + (5 * i);
            probes.Add(new ProbeRow(sentMs / 1000.0, "users", "near2", i, sentMs is >= 9000 and < 9300 ? null : 4, 0.01));
            probes.Add(new ProbeRow(sentMs / 1000.0, "others", "near1", i, sentMs is >= 9100 and < 9260 ? null : 4, 0.01));
        }

        var migration = new MigrationRow("app", "dc1", "dc2", 8.5, 9.4, MigrationOutcome.Completed, 9.25, 700, 250, 30, 5, 100_000_000, "timeline", null);
        var broken = new[] { new BrokenConnectionRow(9.3, "users", 0, "near2", "reset"), new BrokenConnectionRow(30, "users", 0, "near2", "reset") };
        var summary = Build(new RecordedRun([], probes, broken, [migration], []));

        var measured = Assert.Single(summary.Migrations);
        Assert.Equal(305, measured.ClientDowntimeMs["near2"], 0.5);
        Assert.Equal(54, measured.ConvergenceMs["near2"], 0.5);
        Assert.Equal(165, measured.ClientDowntimeMs["near1"], 0.5);
        Assert.Equal(14, measured.ConvergenceMs["near1"], 0.5);
        Assert.Equal(1, measured.BrokenConnections);
        Assert.Equal(250, measured.QemuDowntimeMs);
    }

    [Fact]
    public void The_downtime_parts_and_the_answers_in_flight_add_up_to_each_site_s_client_downtime()
    {
        // The source stops at 9.000 s; answers sent before it keep arriving for 20 ms (the
        // last at 9.019 s). The source completes at 9.200 s, the stream's last byte lands at
        // 9.230 s, RESUME at 9.250 s; the first answer to a probe sent after it at 9.334 s.
        var probes = new List<ProbeRow>();
        for (var i = 0; i < 600; i++)
        {
            var sentMs = 8000 + (5 * i);
            probes.Add(new ProbeRow(sentMs / 1000.0, "users", "near2", i, sentMs switch { < 8980 => 44, < 9250 => null, < 9290 => 84 - (sentMs - 9250), _ => 44 }, 0.01));
        }

        var migration = new MigrationRow("app", "dc1", "dc2", 8.5, 9.4, MigrationOutcome.Completed, 9.25, 700, 199, 50, 5, 100_000_000, "timeline", null,
            StopS: 9.0, InFlightMs: 30, LoadMs: 20, PathReadyMs: -150, GuestFirstFrameMs: 60, SendBufferBytes: 4 << 20, UnsentLimitBytes: 128 << 10,
            ReceiveBufferBytes: 6 << 20, PathQueuePackets: 1000);
        var measured = Assert.Single(Build(new RecordedRun([], probes, [], [migration], [])).Migrations);

        var parts = Assert.IsType<MigrationParts>(measured.Parts);
        Assert.Equal(200, parts.SourcePauseMs!.Value, 3);
        Assert.Equal(parts.RestoreMs, parts.InFlightMs + parts.LoadMs);
        Assert.Equal(19, measured.AnswersInFlightMs["near2"], 3);
        Assert.Equal(84, measured.ConvergenceMs["near2"], 3);
        Assert.Equal(parts.SourcePauseMs!.Value + parts.RestoreMs!.Value + measured.ConvergenceMs["near2"] - measured.AnswersInFlightMs["near2"],
            measured.ClientDowntimeMs["near2"], 3);
        Assert.Equal(128 << 10, parts.UnsentLimitBytes);
    }

    [Fact]
    public void A_migration_recorded_before_its_parts_were_has_none()
    {
        var migration = new MigrationRow("app", "dc1", "dc2", 8.5, 9.4, MigrationOutcome.Completed, 9.25, 700, 199, 50, 5, 100_000_000, "timeline", null);
        var measured = Assert.Single(Build(new RecordedRun([], [], [], [migration], [])).Migrations);
        Assert.Null(measured.Parts);
        Assert.Empty(measured.AnswersInFlightMs);
    }

    [Fact]
    public void Each_request_is_set_against_the_path_to_the_copy_that_answered_it_and_the_guest_s_turnaround()
    {
        // The VM boots in dc1 and resumes in dc2 at 9.25 s; a replica in dc2 answers too.
        // From near2: 46 ms to dc1 and back, 4 ms to dc2; 2 ms of service and 0.5 ms of guest.
        PathRow[] paths = [new("near2", "dc1", 24, 22), new("near2", "dc2", 2, 2)];
        GuestCalibrationRow[] guests = [new("app", "dc1", GuestCalibrationRow.Echo, 0, 200, 0.3, 0.6, 0), new("app", "dc1", GuestCalibrationRow.Request, 64, 50, 2.5, 3.1, 2)];
        var requests = new List<RequestRow>();
        for (var i = 0; i < 10; i++)
        {
            requests.Add(new RequestRow(1 + (0.5 * i), "users", 0, "near2", 50, RequestOutcome.Ok, "app"));
            requests.Add(new RequestRow(12 + (0.5 * i), "users", 0, "near2", 7, RequestOutcome.Ok, "app"));
            requests.Add(new RequestRow(12.2 + (0.5 * i), "others", 0, "near2", 6.5, RequestOutcome.Ok, "app@dc2"));
        }

        var migration = new MigrationRow("app", "dc1", "dc2", 8.5, 9.4, MigrationOutcome.Completed, 9.25, 700, 100, 30, 5, 100_000_000, "timeline", null);
        var summary = Build(new RecordedRun(requests, [], [], [migration], [], GuestCalibration: guests, Paths: paths));

        Assert.Equal(["0s-8s", "during migration 1", "after migration 1"], summary.Phases.Select(p => p.Name));
        var before = summary.ResponseTimeExcessMs["users"]["0s-8s"];
        Assert.Equal(new ResponseTimeExcess(48, 2, 0.5, 1.5, 10), before);
        var after = summary.ResponseTimeExcessMs["users"]["after migration 1"];
        Assert.Equal(new ResponseTimeExcess(6, 1, 0.5, 0.5, 10), after);
        Assert.Equal(0.5, summary.ResponseTimeExcessMs["others"]["after migration 1"].ExcessP50Ms);
        Assert.Equal(guests, summary.GuestCalibration);
    }

    [Fact]
    public void The_links_measured_part_is_taken_off_what_is_left_after_the_guest()
    {
        // Calibration measured near2's path to dc1 (4 links there and back, 46 ms configured) at 46.2 ms.
        PathRow[] paths = [new("near2", "dc1", 24, 22, LinkCrossings: 4, MeasuredRttMs: 46.2)];
        GuestCalibrationRow[] guests = [new("app", "dc1", GuestCalibrationRow.Request, 64, 50, 2.5, 3.1, 2)];
        var requests = Enumerable.Range(0, 10).Select(i => new RequestRow(1 + (0.5 * i), "users", 0, "near2", 49, RequestOutcome.Ok, "app")).ToList();
        var summary = Build(new RecordedRun(requests, [], [], [], [], GuestCalibration: guests, Paths: paths));

        var excess = summary.ResponseTimeExcessMs["users"][summary.Phases[0].Name];
        var configured = paths[0].RoundTripMs + guests[0].ServiceTimeMs;
        Assert.Equal(configured, excess.ConfiguredP50Ms);
        Assert.Equal(paths[0].MeasuredRttMs!.Value - paths[0].RoundTripMs, excess.LinksOverConfiguredMs!.Value, 3);
        Assert.Equal(49 - configured - guests[0].TurnaroundP50Ms - excess.LinksOverConfiguredMs.Value, excess.ExcessAfterGuestAndLinksP50Ms!.Value, 3);
    }

    [Fact]
    public void A_path_recorded_before_its_links_were_measured_leaves_the_links_part_out()
    {
        PathRow[] paths = [new("near2", "dc1", 24, 22)];
        GuestCalibrationRow[] guests = [new("app", "dc1", GuestCalibrationRow.Request, 64, 50, 2.5, 3.1, 2)];
        var summary = Build(new RecordedRun([new RequestRow(1, "users", 0, "near2", 49, RequestOutcome.Ok, "app")], [], [], [], [], GuestCalibration: guests, Paths: paths));

        var excess = summary.ResponseTimeExcessMs["users"][summary.Phases[0].Name];
        Assert.NotNull(excess.ExcessAfterGuestP50Ms);
        Assert.Null(excess.LinksOverConfiguredMs);
        Assert.Null(excess.ExcessAfterGuestAndLinksP50Ms);
    }

    [Fact]
    public void A_replica_is_reported_with_the_time_it_was_dropped()
    {
        var rows = new[]
        {
            new ReplicationRow(ReplicationRow.Replicate, "app", "dc1", "dc2", 5, 7, MigrationOutcome.Completed, 2000, 40, 50_000_000, "policy", null),
            new ReplicationRow(ReplicationRow.Drop, "app", "dc2", "dc2", 15, 15.2, MigrationOutcome.Completed, null, null, null, "policy", null),
        };
        var replica = Assert.Single(Build(new RecordedRun([], [], [], [], rows)).Replications);
        Assert.Equal("dc2", replica.DataCenter);
        Assert.Equal(15.2, replica.DroppedS);
    }

    [Theory]
    [InlineData(true, false, null, false, RunStatus.Completed)]
    [InlineData(true, false, FaultEffect.Degraded, false, RunStatus.Degraded)]
    [InlineData(true, false, null, true, RunStatus.Degraded)]
    [InlineData(false, false, FaultEffect.Failed, false, RunStatus.Failed)]
    [InlineData(false, false, null, false, RunStatus.Failed)]
    [InlineData(false, true, FaultEffect.Degraded, false, RunStatus.Interrupted)]
    public void A_run_s_status_says_whether_it_played_through_and_what_failed_on_the_way(
        bool completed, bool interrupted, FaultEffect? fault, bool offSpecLinks, RunStatus expected)
    {
        RunFault[] faults = fault is { } effect ? [new RunFault(3.5, "router of dc2", "killed", effect)] : [];
        var fidelity = new LinkFidelity(offSpecLinks ? LinkFidelity.Degraded : LinkFidelity.Ok, 20, offSpecLinks ? 5 : 0, offSpecLinks ? 0.25 : 0, new Dictionary<string, int>(), []);

        Assert.Equal(expected, SummaryBuilder.StatusOf(completed, interrupted, faults, fidelity));
    }

    [Fact]
    public void The_summary_lists_the_recorded_faults_and_is_degraded_by_them()
    {
        var fault = new RunFault(4.25, "client of group users", "client-users (pid 12) was killed by signal 9 (SIGKILL)", FaultEffect.Degraded);

        var summary = Build(new RecordedRun([], [], [], [], [], Faults: [fault]));

        Assert.Equal(RunStatus.Degraded, summary.Status);
        Assert.Equal([fault], summary.Faults);
    }

    private static RunSummary Build(RecordedRun recorded) => SummaryBuilder.Build(Identity, Phases, ["users", "others"], recorded, completed: true, error: null);
}
