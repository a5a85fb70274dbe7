using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Testbed.Control.Cluster;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Control.Monitoring;
using Testbed.Control.World;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Lab.Doctor;
using Testbed.Lab.Files;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Results.Files;
using Testbed.Results.Store;
using Testbed.Results.Summary;
using Testbed.Topology.Routing;
using Testbed.Workload.Probing;

namespace Testbed.Control.Runs;

/// <summary>
/// `testbed run`: makes the results directory and the run's world, starts the silo, starts
/// the ExperimentGrain and follows it to the end, then writes summary.json. Whatever
/// happens (a failure, Ctrl-C) the silo stops, the world is torn down, and the summary
/// covers what was recorded.
/// </summary>
public static class ExperimentRunner
{
    public static async Task<RunOutcome> RunAsync(Experiment experiment, RunOptions options, Action<RunProgress> onProgress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var runId = RunIds.New(started);
        var directory = Path.GetFullPath(options.OutputDirectory ?? Path.Combine(options.RunsDirectory ?? Path.Combine(options.ResultsRoot, experiment.Name), runId));
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory} is not empty: give another --out, or remove it");
        }

        using var recorder = new RunRecorder(directory);
        await File.WriteAllTextAsync(recorder.PathOf(ResultsFileNames.Experiment), ExperimentWriter.ToYaml(experiment), cancellationToken);

        var root = RuntimeRoot.FromEnvironment();
        var doctor = await options.ExamineMachine(root, cancellationToken);
        var accel = doctor.Accel is { } found ? Accelerators.Parse(found) : Accelerator.Tcg;
        var images = await ImagesAsync(experiment, cancellationToken);
        // What the host had to spare before any of the run's processes existed.
        var idleBefore = await RunMonitor.HostIdleCorePctAsync(HostIdleBaseline, cancellationToken);

        // Over several machines: the plan, and every worker found alive with its clock measured, before anything is built.
        await using var cluster = options.Cluster is { } clusterOptions ? await ClusterSession.StartAsync(experiment, runId, clusterOptions, cancellationToken) : null;
        var runtime = RunDirectory.Create(root, runId);

        // Every host of a run must emulate links the same way: the coordinator decides, the workers build what it decided.
        var emulation = cluster is null ? options.LinkEmulation : await LinkEmulationChoice.ResolveAsync(options.LinkEmulation, runtime, cancellationToken);
        var world = new RunWorld(experiment, runId, runtime, recorder, images, accel, emulation)
        {
            Environment = Environment(experiment, runId, started, doctor, options, idleBefore),
            Share = cluster?.ShareOf(cluster.Coordinator),
        };
        if (cluster is not null)
        {
            world.Environment["cluster"] = cluster.Describe(experiment);
        }

        world.WriteEnvironment();
        var monitor = RunMonitor.Start(runtime, recorder, () => world.HasNetwork ? world.Wan : null);
        var faults = FaultWatch.Start(world);

        // A full disk or a failing one: nothing more can be recorded, so the run stops and tears down.
        recorder.RecordingFailed += failure => world.Abort($"recording failed: {failure}");
        recorder.Event("run-started", new { Experiment = experiment.Name, RunId = runId, Mechanism = experiment.Mechanism.Name(), Policy = PolicyNames.Name(experiment.Policy.Kind), experiment.Seed });

        using var runLog = RunLog.Create(recorder.PathOf(ResultsFileNames.Log), options.Verbose);
        var live = options.LiveResults is { } database ? await LiveRunWriter.StartAsync(database, directory, cancellationToken) : null;
        RunProgress? last = null;
        string? failure = null;
        IHost? silo = null;
        using var stopWatching = new CancellationTokenSource();
        Task watching = Task.CompletedTask;
        try
        {
            if (cluster is null)
            {
                silo = await LabSilo.StartAsync(world, runLog, cancellationToken);
            }
            else
            {
                await cluster.JoinWorkersAsync(runId, ExperimentWriter.ToYaml(experiment), emulation);
                silo = await LabSilo.StartRunMemberAsync(world, runLog, cluster.Config, cluster.Coordinator, cluster.DataCenterHosts(experiment), services => services
                    .AddSingleton(new RunClockOffset(0))
                    .AddSingleton<IRunStages>(s => new ClusterRunStages(s.GetRequiredService<EmulatedRunStages>(), s.GetRequiredService<IGrainFactory>(), cluster.Workers)),
                    cancellationToken);
                watching = cluster.WatchAsync(silo, world, stopWatching.Token);
            }

            var run = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IExperimentGrain>(runId);
            await run.StartAsync();
            var abortSent = false;
            var hurrySent = false;
            var hurrying = options.Interruption?.Hurrying ?? CancellationToken.None;
            while (true)
            {
                if (cancellationToken.IsCancellationRequested && !abortSent)
                {
                    await run.AbortAsync(options.Interruption?.Reason ?? "interrupted");
                    abortSent = true;
                }

                if (hurrying.IsCancellationRequested && !hurrySent)
                {
                    await run.HurryAsync();
                    hurrySent = true;
                }

                last = await run.GetProgressAsync();
                onProgress(last);
                if (last.Finished)
                {
                    break;
                }

                // Polling the grain is the progress display's heartbeat; a stop or a hurry wakes it early.
                var wake = abortSent ? (hurrySent ? CancellationToken.None : hurrying) : cancellationToken;
                await Task.Delay(options.ProgressInterval, wake).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        catch (Exception e)
        {
            failure = e.Message.ReplaceLineEndings(" ");
            recorder.Event("error", new { Message = failure, Type = e.GetType().Name });
        }
        finally
        {
            await stopWatching.CancelAsync();
            await watching;
            if (cluster is not null)
            {
                // Every worker tears its part down and hands its files over, whatever happened to the run, while this
                // silo still runs: a worker whose coordinator's silo has gone tears its part down by itself.
                recorder.Checkpoint();
                foreach (var problem in await cluster.LeaveAndGatherAsync(runId, recorder))
                {
                    // The run's own failure, if it had one, says more: a host that died mid-run cannot hand its files over either.
                    recorder.Event("error", new { Message = problem });
                    failure ??= last?.Error is null ? problem : null;
                }
            }

            if (silo is not null)
            {
                await silo.StopAsync(CancellationToken.None);
                silo.Dispose();
            }

            await monitor.DisposeAsync();
            await faults.DisposeAsync();
            await world.DisposeAsync();
            await runtime.DisposeAsync();
        }

        if (live is not null)
        {
            // The finished run's import replaces what was written live; a live failure is said, and the files are whole.
            await live.DisposeAsync();
            if (live.Failure is { } liveFailure)
            {
                recorder.Event("live-results-failed", new { Message = liveFailure });
            }
        }

        var error = failure ?? last?.Error;
        var summary = SummaryBuilder.Build(
            new RunIdentity(experiment.Name, runId, experiment.Mechanism.Name(), PolicyNames.Name(experiment.Policy.Kind),
                world.Environment["link_emulation"]?.GetValue<string>() ?? "none", accel.Name(), experiment.Seed, experiment.Duration.TotalSeconds, started)
            {
                ProbeIntervalMs = experiment.ProbeInterval.TotalMilliseconds,
                ProbeProtocol = experiment.Probe.Name(),
                TimeCompression = experiment.TimeCompression,
            },
            TimelinePhase.Split(experiment.Duration.TotalSeconds, experiment.Timeline.Select(e => (e.At.TotalSeconds, TimelineText.Describe(e)))),
            [.. experiment.UserGroups.Select(g => g.Name)],
            recorder.Snapshot(),
            completed: error is null,
            error,
            interrupted: cancellationToken.IsCancellationRequested) with { Sweep = options.Sweep };
        string? unwritten = null;
        try
        {
            await AtomicFile.WriteAllTextAsync(recorder.PathOf(ResultsFileNames.Summary), JsonSerializer.Serialize(summary, ResultsJson.Indented) + "\n", CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unwritten = IoErrors.Describe(recorder.PathOf(ResultsFileNames.Summary), e);
        }

        recorder.Event("run-ended", new { Completed = error is null, summary.Status, Error = error });
        return new RunOutcome(directory, summary) { SummaryNotWritten = unwritten };
    }

    internal static async Task<IReadOnlyDictionary<GuestImageKind, GuestImage>> ImagesAsync(Experiment experiment, CancellationToken cancellationToken)
    {
        var images = new Dictionary<GuestImageKind, GuestImage>();
        foreach (var kind in experiment.Services.Select(s => s.Image).Distinct())
        {
            images[kind] = kind == GuestImageKind.Tools
                ? await GuestImageBuilder.BuildWithToolsAsync(cancellationToken)
                : await GuestImageBuilder.BuildDefaultAsync(cancellationToken);
        }

        return images;
    }

    /// <summary>Long enough for /proc/stat's 10 ms ticks to give the idle time of two cores to 1%.</summary>
    private static readonly TimeSpan HostIdleBaseline = TimeSpan.FromSeconds(0.5);

    private static JsonObject Environment(Experiment experiment, string runId, DateTimeOffset started, DoctorReport doctor, RunOptions options, double idleBefore) => new()
    {
        ["experiment"] = experiment.Name,
        ["run_id"] = runId,
        ["started_at"] = started.ToString("O"),
        ["host"] = System.Environment.MachineName,
        ["kernel"] = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : null,
        ["cpus"] = System.Environment.ProcessorCount,
        ["host_idle_before_run_core_pct"] = idleBefore,
        ["dotnet"] = System.Environment.Version.ToString(),
        ["mechanism"] = experiment.Mechanism.Name(),
        ["policy"] = PolicyNames.Name(experiment.Policy.Kind),
        ["seed"] = experiment.Seed,
        ["probe_interval_ms"] = experiment.ProbeInterval.TotalMilliseconds,
        ["probe"] = experiment.Probe.Name(),
        ["link_emulation_requested"] = options.LinkEmulation.ToString().ToLowerInvariant(),
        ["link_emulation"] = null,
        ["doctor"] = JsonSerializer.SerializeToNode(doctor, ResultsJson.Indented),
    };
}
