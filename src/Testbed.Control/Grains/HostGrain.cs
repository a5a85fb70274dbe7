using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;

namespace Testbed.Control.Grains;

/// <summary>A lab machine: placed on the silo of its name, so what it reads is that machine's.</summary>
[HostPlacement]
public sealed class HostGrain(SiloName silo) : Grain, IHostGrain
{
    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public Task<HostReading> ReadAsync() => Task.FromResult(new HostReading(
        silo.Value, Environment.MachineName, Environment.ProcessId, Environment.ProcessorCount, DateTime.UtcNow.Ticks));
}
