using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Control.Runs;
using Testbed.Experiments.Model;
using Testbed.Results.Files;

namespace Testbed.Control.Grains;

/// <summary>
/// One run: plays the <see cref="ExperimentPlayer"/> on this grain's scheduler and reports its
/// progress. Reentrant, so that progress and abort calls are answered while the run is under
/// way: the player yields at every await, and this host's stages do their blocking work on
/// the thread pool.
/// </summary>
[CoordinatorPlacement]
[Reentrant]
public sealed class ExperimentGrain(
    Experiment experiment, IRunStages stages, IRunRecords records, IRunLifetime lifetime, ILogger<ExperimentPlayer> playerLog) : Grain, IExperimentGrain
{
    private ExperimentPlayer? _player;
    private Task? _playing;

    public Task StartAsync()
    {
        if (_playing is not null)
        {
            throw new InvalidOperationException($"run {this.GetPrimaryKeyString()} has already started");
        }

        _player = new ExperimentPlayer(experiment, this.GetPrimaryKeyString(), stages, records, lifetime, GrainFactory, playerLog);
        _playing = _player.PlayAsync();
        return Task.CompletedTask;
    }

    public async Task<RunProgress> GetProgressAsync()
    {
        var phase = _player?.Phase ?? RunPhases.Starting;
        var finished = _playing?.IsCompleted == true;
        var groups = new List<GroupProgress>();
        var placements = new List<ServicePlacement>();
        if (phase is RunPhases.Timeline or RunPhases.Stopping && !finished)
        {
            foreach (var group in experiment.UserGroups)
            {
                groups.Add(await GrainFactory.GetGrain<IUserGroupGrain>(group.Name).GetProgressAsync());
            }

            placements.AddRange(await GrainFactory.GetGrain<IPlacementPolicyGrain>(this.GetPrimaryKeyString()).GetPlacementsAsync());
        }

        return new RunProgress(phase, records.Zero is null ? null : records.Now(), experiment.Duration.TotalSeconds,
            groups, placements, finished, finished ? _player?.Error ?? PlayingFault() : null);
    }

    public Task AbortAsync(string reason)
    {
        lifetime.Abort(reason);
        return Task.CompletedTask;
    }

    public Task HurryAsync()
    {
        lifetime.Hurry();
        return Task.CompletedTask;
    }

    /// <summary>The player catches everything; a fault here is a bug in it, reported rather than lost.</summary>
    private string? PlayingFault() => _playing?.Exception?.GetBaseException().Message;
}
