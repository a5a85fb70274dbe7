using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Testbed.Control.Contracts;
using Testbed.Control.Hosting;
using Testbed.Control.Monitoring;
using Testbed.Control.Runs;
using Testbed.Control.World;
using Testbed.Experiments.Files;
using Testbed.Lab.Doctor;
using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Results.Files;

namespace Testbed.Control.Cluster;

/// <summary>
/// A worker's part in the runs of its cluster, one run at a time: on joining, the host's share
/// of the WAN (not built yet: the stages build it), its recorder in its own results folder, its
/// fault watch, and a silo in the run's cluster with the run's grains over them; on leaving,
/// all of it stopped and torn down, and the files handed back.
/// </summary>
public sealed class HostRunAgent(ClusterConfig config, string host, string resultsRoot, Func<RuntimeRoot, CancellationToken, Task<DoctorReport>> examine) : IAsyncDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private Joined? _run;

    public string Host => host;

    public async Task JoinAsync(HostRunOrder order, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (_run is { } running)
            {
                throw new InvalidOperationException($"host {host} is in run {running.World.RunId} already; one run at a time");
            }

            var (experiment, problems) = ExperimentLoader.CheckText(ResultsFileNames.Experiment, order.ExperimentYaml);
            if (experiment is null)
            {
                throw new ExperimentFileException(problems);
            }

            var directory = Path.Combine(resultsRoot, "cluster", order.RunId, host);
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new IOException($"{directory} is not empty: run {order.RunId} was on this host before");
            }

            var recorder = new RunRecorder(directory);
            RunDirectory? runtime = null;
            RunWorld? world = null;
            FaultWatch? faults = null;
            ILoggerProvider? log = null;
            try
            {
                var root = RuntimeRoot.FromEnvironment();
                var doctor = await examine(root, cancellationToken);
                var accel = doctor.Accel is { } found ? Accelerators.Parse(found) : Accelerator.Tcg;
                var images = await ExperimentRunner.ImagesAsync(experiment, cancellationToken);

                // On emulated hosts the coordinator and the workers share the machine's runtime root.
                runtime = RunDirectory.Create(root, $"{order.RunId}-{host}");
                var share = new WanShare(host, order.NodeHosts, order.HostAddresses.ToDictionary(a => a.Key, a => IPAddress.Parse(a.Value)), order.VniBase);
                world = new RunWorld(experiment, order.RunId, runtime, recorder, images, accel, Enum.Parse<LinkEmulation>(order.LinkEmulation, ignoreCase: true))
                {
                    Share = share,
                    Environment = new JsonObject
                    {
                        ["run_id"] = order.RunId,
                        ["host"] = host,
                        ["machine"] = Environment.MachineName,
                        ["cpus"] = Environment.ProcessorCount,
                        ["kernel"] = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : null,
                        ["clock_offset_ms"] = order.ClockOffsetMs,
                        ["nodes"] = new JsonArray([.. order.NodeHosts.Where(n => n.Value == host).Select(n => (JsonNode)n.Key)]),
                        ["accel"] = accel.Name(),
                        ["link_emulation"] = null,
                    },
                };
                world.WriteEnvironment();
                faults = FaultWatch.Start(world);
                log = RunLog.Create(recorder.PathOf(ResultsFileNames.Log), verbose: false);
                var dataCenterHosts = experiment.Topology.DataCenters.ToDictionary(d => d.Name, d => order.NodeHosts[d.Name], StringComparer.Ordinal);
                var silo = await LabSilo.StartRunMemberAsync(world, log, config, host, dataCenterHosts,
                    services => services.AddSingleton(new RunClockOffset(order.ClockOffsetMs)), cancellationToken);
                _run = new Joined(directory, recorder, runtime, world, faults, log, silo);
                _ = AbandonWhenCoordinatorDiesAsync(silo, order.RunId, order.Coordinator, _run.Left.Token);
            }
            catch
            {
                if (faults is not null)
                {
                    await faults.DisposeAsync();
                }

                if (world is not null)
                {
                    await world.DisposeAsync();
                }

                if (runtime is not null)
                {
                    await runtime.DisposeAsync();
                }

                log?.Dispose();
                recorder.Dispose();
                throw;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async Task<IReadOnlyList<RunFile>> LeaveAsync(string runId, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            if (_run is not { } run || run.World.RunId != runId)
            {
                throw new InvalidOperationException($"host {host} is not in run {runId}");
            }

            _run = null;
            await run.DisposeAsync();
            return [.. Directory.EnumerateFiles(run.Directory).Order(StringComparer.Ordinal)
                .Select(f => new RunFile(Path.GetFileName(f), File.ReadAllBytes(f)))];
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// A run whose coordinator's silo is declared dead will never be left in order: this host
    /// tears its part down itself, and keeps its files, so nothing of the run stays running here.
    /// </summary>
    private async Task AbandonWhenCoordinatorDiesAsync(IHost silo, string runId, string coordinator, CancellationToken left)
    {
        try
        {
            if (await silo.Services.GetRequiredService<Orleans.Runtime.IClusterMembershipService>().FirstDeadAsync(name => name == coordinator, left) is not null)
            {
                await LeaveAsync(runId, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // Left already (the run ended in order), or the silo stopped under the watch.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is { } run)
        {
            _run = null;
            await run.DisposeAsync();
        }

        _oneAtATime.Dispose();
    }

    private sealed record Joined(string Directory, RunRecorder Recorder, RunDirectory Runtime, RunWorld World, FaultWatch Faults, ILoggerProvider Log, IHost Silo)
        : IAsyncDisposable
    {
        /// <summary>Cancelled once the run is left: the watch on its coordinator ends with it.</summary>
        public CancellationTokenSource Left { get; } = new();

        /// <summary>The silo first, so no grain acts on what is torn down; then the world (guests, routers, network), and the files closed last.</summary>
        public async ValueTask DisposeAsync()
        {
            await Left.CancelAsync();
            try
            {
                await Silo.StopAsync(CancellationToken.None);
                Silo.Dispose();
            }
            finally
            {
                await Faults.DisposeAsync();
                await World.DisposeAsync();
                await Runtime.DisposeAsync();
                Log.Dispose();
                Recorder.Dispose();
                Left.Dispose();
            }
        }
    }
}
