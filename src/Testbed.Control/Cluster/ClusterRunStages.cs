using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosts;
using Testbed.Results.Records;

namespace Testbed.Control.Cluster;

/// <summary>
/// The coordinator's stages of a run over several lab machines: each stage on this host and,
/// through their run-host grains, on every other host of the run, all at once; the next stage
/// begins once every host has finished this one, so no host starts routers on a WAN another
/// host has not built. Links are measured by their owners, and the paths take every host's
/// figures.
/// </summary>
public sealed class ClusterRunStages(EmulatedRunStages local, IGrainFactory grains, IReadOnlyList<string> workers) : IRunStages
{
    public async Task<BuiltNetwork> BuildNetworkAsync()
    {
        var mine = local.BuildNetworkAsync();
        await Everywhere(h => h.BuildNetworkAsync(), mine);
        return await mine;
    }

    public async Task CalibrateLinksAsync()
    {
        var theirs = workers.Select(h => Named(h, () => grains.GetGrain<IRunHostGrain>(h).CalibrateLinksAsync())).ToList();
        var mine = local.CalibrateLinksAsync();
        await WhenAllNamed([mine, .. theirs]);
        foreach (var delays in theirs)
        {
            local.AddMeasuredDelays(await delays);
        }
    }

    public async Task<IReadOnlyList<PathRow>> StartMechanismAsync(string home)
    {
        var mine = local.StartMechanismAsync(home);
        await Everywhere(h => h.StartMechanismAsync(home), mine);
        return await mine;
    }

    public Task WarmUpAsync() => local.WarmUpAsync();

    public Task ClockStartedAsync(DateTimeOffset zero) => Everywhere(h => h.StartClockAsync(zero.UtcTicks), Task.CompletedTask);

    /// <summary>Every host tears down, whatever the others did; what failed is thrown together, named.</summary>
    public async Task TearDownAsync()
    {
        var failures = new List<Exception>();
        foreach (var host in workers)
        {
            try
            {
                await grains.GetGrain<IRunHostGrain>(host).TearDownAsync();
            }
            catch (Exception e)
            {
                failures.Add(new InvalidOperationException($"host {host}: {e.Message}", e));
            }
        }

        try
        {
            await local.TearDownAsync();
        }
        catch (Exception e)
        {
            failures.Add(e);
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("tearing the run down failed", failures);
        }
    }

    private Task Everywhere(Func<IRunHostGrain, Task> stage, Task mine) =>
        WhenAllNamed([mine, .. workers.Select(h => Named(h, async () =>
        {
            await stage(grains.GetGrain<IRunHostGrain>(h));
            return true;
        }))]);

    /// <summary>A host's part of a stage; its failure names the host.</summary>
    private static async Task<T> Named<T>(string host, Func<Task<T>> part)
    {
        try
        {
            return await part();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"host {host}: {e.Message}", e);
        }
    }

    /// <summary>Waits for all; the first failure is thrown as itself, not wrapped, so the run's error reads as the host's.</summary>
    private static async Task WhenAllNamed(IReadOnlyList<Task> tasks)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch
        {
            throw tasks.First(t => t.IsFaulted).Exception!.InnerExceptions[0];
        }
    }
}
