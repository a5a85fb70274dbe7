using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Results.Files;

namespace Testbed.Control.Grains;

/// <summary>One data center: the services it hosts, and its failure, which cuts all its WAN links.</summary>
[DataCenterPlacement]
public sealed class DataCenterGrain(IWanHost wan, IRunRecords records, SiloName silo) : Grain, IDataCenterGrain
{
    private readonly SortedSet<string> _services = new(StringComparer.Ordinal);
    private bool _failed;

    private string Name => this.GetPrimaryKeyString();

    public Task<string> GetSiloNameAsync() => Task.FromResult(silo.Value);

    public Task<DataCenterStatus> GetStatusAsync() => Task.FromResult(new DataCenterStatus(Name, _failed, [.. _services]));

    public Task SetHostingAsync(string service, bool hosting)
    {
        if (hosting)
        {
            _services.Add(service);
        }
        else
        {
            _services.Remove(service);
        }

        return Task.CompletedTask;
    }

    public Task FailAsync() => SetLinksUp(false);

    public Task RestoreAsync() => SetLinksUp(true);

    private async Task SetLinksUp(bool up)
    {
        await wan.SetDataCenterLinksUpAsync(Name, up);
        _failed = !up;
        records.Event(up ? "data-center-restored" : "data-center-failed", new { DataCenter = Name, Services = _services.ToList() });
    }
}
