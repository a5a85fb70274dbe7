using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.World;
using Testbed.Experiments.Model;
using Testbed.Network.Wan;
using Testbed.Results.Files;
using Testbed.Results.Records;

namespace Testbed.Control.Cluster;

/// <summary>
/// The coordinator's side of one run over several lab machines: the plan, the workers found
/// alive and their clocks measured before anything starts, their joining and leaving, the
/// watch on the run's membership, and the results gathered into the run's directory.
/// </summary>
public sealed class ClusterSession : IAsyncDisposable
{
    /// <summary>How long a worker may take to leave a run (its silo stopped, its guests, routers and network torn down) and hand its files over.</summary>
    public static readonly TimeSpan LeaveTimeout = TimeSpan.FromMinutes(2);

    private readonly IHost _labClient;
    private readonly Dictionary<string, HostStatus> _hosts;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _dead = new(StringComparer.Ordinal);

    private ClusterSession(ClusterConfig config, ClusterPlan plan, IHost labClient, IReadOnlyList<HostStatus> hosts)
    {
        Config = config;
        Plan = plan;
        _labClient = labClient;
        _hosts = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        Workers = [.. plan.HostsUsed(config).Where(h => h != config.Coordinator.Name)];
    }

    public ClusterConfig Config { get; }

    public ClusterPlan Plan { get; }

    public string Coordinator => Config.Coordinator.Name;

    /// <summary>The hosts other than the coordinator that hold a part of the run.</summary>
    public IReadOnlyList<string> Workers { get; }

    public IReadOnlyDictionary<string, string> DataCenterHosts(Experiment experiment) =>
        experiment.Topology.DataCenters.ToDictionary(d => d.Name, d => Plan.NodeHosts[d.Name], StringComparer.Ordinal);

    public static async Task<ClusterSession> StartAsync(Experiment experiment, string runId, ClusterRunOptions options, CancellationToken cancellationToken)
    {
        var config = options.Config;
        var plan = ClusterPlan.For(experiment, config, options.Pins, runId);
        var client = await LabClusterClient.ConnectAsync(config, cancellationToken);
        try
        {
            var hosts = await ClusterProbe.ProbeAsync(client.Client(), config, cancellationToken);
            var session = new ClusterSession(config, plan, client, hosts);
            foreach (var worker in session.Workers)
            {
                var status = session._hosts[worker];
                if (!status.Answered)
                {
                    throw new InvalidOperationException(
                        $"host {worker} holds {string.Join(", ", plan.NodeHosts.Where(n => n.Value == worker).Select(n => n.Key))} of this run and is {status.Membership}"
                        + (status.Error is null ? "" : $" ({status.Error})") + $": start 'testbed worker --cluster FILE --host {worker}' there");
                }
            }

            return session;
        }
        catch
        {
            await client.StopAsync(CancellationToken.None);
            client.Dispose();
            throw;
        }
    }

    public WanShare ShareOf(string host) =>
        new(host, Plan.NodeHosts, Config.Hosts.ToDictionary(h => h.Name, h => h.Address, StringComparer.Ordinal), Plan.VniBase);

    /// <summary>What environment.json says of the cluster: each host, its part, its process and its clock against the coordinator's.</summary>
    public JsonObject Describe(Experiment experiment) => new()
    {
        ["cluster_id"] = Config.ClusterId,
        ["coordinator"] = Coordinator,
        ["vni_base"] = Plan.VniBase,
        ["cut_links"] = new JsonArray([.. Plan.Partition.CutLinks.Select(i => (JsonNode)experiment.Topology.Links[i].ToString())]),
        ["hosts"] = new JsonArray([.. Plan.HostsUsed(Config).Select(name =>
        {
            var status = _hosts.GetValueOrDefault(name);
            return (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["address"] = Config.Host(name).Address.ToString(),
                ["nodes"] = new JsonArray([.. Plan.NodeHosts.Where(n => n.Value == name).Select(n => (JsonNode)n.Key)]),
                ["guest_vcpus"] = Plan.Partition.LoadOf.GetValueOrDefault(name),
                ["worker_pid"] = name == Coordinator ? Environment.ProcessId : status?.ProcessId,
                ["clock_offset_ms"] = name == Coordinator ? 0 : status?.Clock?.OffsetMs,
                ["clock_uncertainty_ms"] = name == Coordinator ? 0 : status?.Clock?.UncertaintyMs,
                ["clock_round_trip_ms"] = name == Coordinator ? 0 : status?.Clock?.RoundTripMs,
            };
        })]),
    };

    public Task JoinWorkersAsync(string runId, string experimentYaml, LinkEmulation emulation) =>
        Task.WhenAll(Workers.Select(async worker =>
        {
            var order = new HostRunOrder(runId, experimentYaml, Plan.NodeHosts,
                Config.Hosts.ToDictionary(h => h.Name, h => h.Address.ToString(), StringComparer.Ordinal), Plan.VniBase,
                emulation.ToString().ToLowerInvariant(), Coordinator, _hosts[worker].Clock!.OffsetMs);
            try
            {
                await _labClient.Client().GetGrain<IHostGrain>(worker).JoinRunAsync(order);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"host {worker} could not join the run: {e.Message}", e);
            }
        }));

    /// <summary>
    /// Aborts the run when a worker's silo is declared dead in the run's cluster: the host is
    /// named, and the run fails rather than going on without its part.
    /// </summary>
    public Task WatchAsync(IHost runSilo, RunWorld world, CancellationToken stop) => Task.Run(async () =>
    {
        if (await runSilo.Services.GetRequiredService<IClusterMembershipService>().FirstDeadAsync(Workers.Contains, stop) is { } member)
        {
            var reason = $"host {member.Name} left the run: its silo ({member.SiloAddress}) was declared dead";
            _dead[member.Name] = true;
            world.Recorder.Fault(new RunFault(world.Recorder.Zero is null ? null : Math.Round(world.Recorder.Now(), 3), $"host {member.Name}", reason, FaultEffect.Failed));
            world.Abort(reason);
        }
    }, CancellationToken.None);

    /// <summary>Each worker leaves the run and hands back its files, which join the run's directory; what failed is returned, named, rather than thrown.</summary>
    public async Task<IReadOnlyList<string>> LeaveAndGatherAsync(string runId, RunRecorder recorder)
    {
        var failures = new List<string>();
        foreach (var worker in Workers)
        {
            if (_dead.ContainsKey(worker))
            {
                // Nothing answers there: what it recorded stays on it, under its results folder's cluster/RUN_ID/HOST.
                failures.Add($"host {worker}: declared dead during the run; its results stay on it");
                continue;
            }

            try
            {
                var files = await _labClient.Client().GetGrain<IHostGrain>(worker).LeaveRunAsync(runId).WaitAsync(LeaveTimeout);
                await ClusterResults.MergeAsync(recorder, worker, files, CancellationToken.None);
            }
            catch (Exception e)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"host {worker}: its results could not be gathered: {e.Message.ReplaceLineEndings(" ")}"));
            }
        }

        return failures;
    }

    public async ValueTask DisposeAsync()
    {
        // A client whose gateways died would otherwise wait for them to close.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _labClient.StopAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _labClient.Dispose();
    }
}
