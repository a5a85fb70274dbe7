using Microsoft.Extensions.DependencyInjection;
using Testbed.Control.Cluster;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;

namespace Testbed.Control.Grains;

/// <summary>
/// A lab machine: placed on the silo of its name, so what it reads is that machine's, and the
/// runs it joins are built there. A silo without a run agent (a coordinator's own) refuses runs.
/// </summary>
[HostPlacement]
public sealed class HostGrain(SiloName silo, IServiceProvider services) : Grain, IHostGrain
{
    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public Task<HostReading> ReadAsync() => Task.FromResult(new HostReading(
        silo.Value, Environment.MachineName, Environment.ProcessId, Environment.ProcessorCount, DateTime.UtcNow.Ticks));

    // Off the grain's scheduler: joining builds images and starts a silo, and both block for a while.
    public Task JoinRunAsync(HostRunOrder order) => Task.Run(() => Agent.JoinAsync(order, CancellationToken.None));

    public Task<IReadOnlyList<RunFile>> LeaveRunAsync(string runId) => Task.Run(() => Agent.LeaveAsync(runId, CancellationToken.None));

    private HostRunAgent Agent => services.GetService<HostRunAgent>()
        ?? throw new InvalidOperationException($"{silo.Value} is not a worker: start 'testbed worker' there to take part in runs");
}
