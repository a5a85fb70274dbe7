using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Testbed.Control.Hosting;

/// <summary>What every testbed silo needs, alone or in a cluster.</summary>
public static class LabSiloBuilderExtensions
{
    /// <summary>
    /// Grain calls may wait for a whole live migration, which under TCG and a slow WAN link
    /// can take minutes: far past Orleans' 30-second default.
    /// </summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(15);

    public static ISiloBuilder AddTestbedControl(this ISiloBuilder silo, Action<LabClusterOptions>? configure = null)
    {
        silo.Services.AddPlacementDirector<DataCenterPlacementStrategy, DataCenterPlacementDirector>();
        silo.Services.AddPlacementDirector<HostPlacementStrategy, HostPlacementDirector>();
        silo.Services.AddPlacementDirector<CoordinatorPlacementStrategy, CoordinatorPlacementDirector>();
        silo.Services.AddOptions<LabClusterOptions>().Configure(o => configure?.Invoke(o));
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = CallTimeout);
        return silo;
    }
}
