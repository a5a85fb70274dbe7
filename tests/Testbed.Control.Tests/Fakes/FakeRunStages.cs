using System.Collections.Concurrent;
using Testbed.Control.Hosts;
using Testbed.Experiments.Model;
using Testbed.Results.Records;

namespace Testbed.Control.Tests.Fakes;

/// <summary>
/// A host's stages that only say they were called. One stage can be made to fail, and the
/// network build can be held until the test lets it go, to find the run in that phase.
/// </summary>
internal sealed class FakeRunStages(Experiment experiment) : IRunStages
{
    public const string Emulation = "fake";

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The stage (a method name) that throws, with this message.</summary>
    public (string Stage, string Message)? Fails { get; set; }

    /// <summary>Completes when the network build has been asked for.</summary>
    public TaskCompletionSource NetworkAsked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the network build waits for it.</summary>
    public TaskCompletionSource? HoldNetwork { get; set; }

    public async Task<BuiltNetwork> BuildNetworkAsync()
    {
        Call(nameof(BuildNetworkAsync));
        NetworkAsked.TrySetResult();
        if (HoldNetwork is { } hold)
        {
            await hold.Task;
        }

        return new BuiltNetwork(Emulation, TimeSpan.FromSeconds(1));
    }

    public Task CalibrateLinksAsync()
    {
        Call(nameof(CalibrateLinksAsync));
        return Task.CompletedTask;
    }

    /// <summary>One path a user site and data center, each 1 ms a way, as though measured too.</summary>
    public Task<IReadOnlyList<PathRow>> StartMechanismAsync(string home)
    {
        Call($"{nameof(StartMechanismAsync)}({home})");
        return Task.FromResult<IReadOnlyList<PathRow>>([
            .. from site in experiment.Topology.UserSites
               from dc in experiment.Topology.DataCenters
               select new PathRow(site.Name, dc.Name, 1, 1, 2, 2)]);
    }

    public Task WarmUpAsync()
    {
        Call(nameof(WarmUpAsync));
        return Task.CompletedTask;
    }

    public Task TearDownAsync()
    {
        Call(nameof(TearDownAsync));
        return Task.CompletedTask;
    }

    private void Call(string stage)
    {
        Calls.Enqueue(stage);
        if (Fails is { } fails && stage.StartsWith(fails.Stage, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(fails.Message);
        }
    }
}
