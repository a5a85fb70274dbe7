using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Runs;
using Testbed.Control.World;

namespace Testbed.Control.Grains;

/// <summary>
/// One run: starts the <see cref="ExperimentPlayer"/> and reports its progress. Reentrant,
/// so that progress and abort calls are answered while the run is under way.
/// </summary>
[Reentrant]
public sealed class ExperimentGrain(RunWorld world, ILogger<ExperimentPlayer> playerLog) : Grain, IExperimentGrain
{
    private ExperimentPlayer? _player;
    private Task? _playing;

    public Task StartAsync()
    {
        if (_playing is not null)
        {
            throw new InvalidOperationException($"run {this.GetPrimaryKeyString()} has already started");
        }

        _player = new ExperimentPlayer(world, GrainFactory, playerLog);

        // Off the grain's scheduler: the player's set-up blocks in places (Mininet through
        // Python), and its grain calls work from any thread of the silo.
        _playing = Task.Run(_player.PlayAsync);
        return Task.CompletedTask;
    }

    public async Task<RunProgress> GetProgressAsync()
    {
        var phase = world.Phase;
        var finished = _playing?.IsCompleted == true;
        var groups = new List<GroupProgress>();
        var placements = new List<ServicePlacement>();
        if (phase is RunPhases.Timeline or RunPhases.Stopping && !finished)
        {
            foreach (var group in world.Experiment.UserGroups)
            {
                groups.Add(await GrainFactory.GetGrain<IUserGroupGrain>(group.Name).GetProgressAsync());
            }

            placements.AddRange(await GrainFactory.GetGrain<IPlacementPolicyGrain>(world.RunId).GetPlacementsAsync());
        }

        return new RunProgress(phase, world.Recorder.Zero is null ? null : world.Recorder.Now(), world.Experiment.Duration.TotalSeconds,
            groups, placements, finished, finished ? _player?.Error ?? PlayingFault() : null);
    }

    public Task AbortAsync(string reason)
    {
        world.Abort(reason);
        return Task.CompletedTask;
    }

    /// <summary>The player catches everything; a fault here is a bug in it, reported rather than lost.</summary>
    private string? PlayingFault() => _playing?.Exception?.GetBaseException().Message;
}
