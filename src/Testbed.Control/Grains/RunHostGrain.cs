using Testbed.Control.Cluster;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Results.Files;

namespace Testbed.Control.Grains;

/// <summary>A lab machine's stages of a run over several: on its own silo, over its own share of the run.</summary>
[HostPlacement]
public sealed class RunHostGrain(EmulatedRunStages stages, EmulatedWanHost wan, IRunRecords records, RunClockOffset offset, SiloName silo) : Grain, IRunHostGrain
{
    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public Task BuildNetworkAsync() => stages.BuildNetworkAsync();

    public async Task<IReadOnlyDictionary<int, double?>> CalibrateLinksAsync()
    {
        await stages.CalibrateLinksAsync();
        return stages.MeasuredDelays.ToDictionary();
    }

    public Task StartMechanismAsync(string home) => stages.StartMechanismAsync(home);

    public Task StartClockAsync(long coordinatorZeroUtcTicks)
    {
        // The same instant as the coordinator's zero, read on this host's clock.
        records.StartClock(offset.FromCoordinator(new DateTimeOffset(coordinatorZeroUtcTicks, TimeSpan.Zero)));
        return Task.CompletedTask;
    }

    public Task TearDownAsync() => stages.TearDownAsync();

    public Task SetLinkAsync(string a, string b, LinkSettingChange setting) => wan.SetHereAsync(a, b, setting);

    public Task SetLinkUpAsync(string a, string b, bool up) => wan.SetUpHereAsync(a, b, up);
}
