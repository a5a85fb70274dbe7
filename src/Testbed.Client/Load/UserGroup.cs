using System.Diagnostics;
using Testbed.Client.Output;
using Testbed.Client.Probing;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;
using Testbed.Workload.Records;
using Testbed.Workload.Timing;

namespace Testbed.Client.Load;

/// <summary>
/// The users of the group, and what the host's commands do to them: moves spread over time,
/// scaling up and down, and the end of the run. It keeps a probe stream at every site that
/// has users.
/// </summary>
internal sealed class UserGroup(LoadContext context, MonotonicScheduler scheduler, SiteProbes probes)
{
    private readonly Lock _lock = new();
    private readonly List<SimulatedUser> _users = [];
    private readonly List<Task> _departures = [];
    private readonly Dictionary<int, SiteLocation> _placements = [];
    private readonly List<(TimeSpan At, int User, SiteLocation To)> _plannedHandovers = [];
    private long? _startTimestamp;
    private SiteLocation _arrivalSite = context.Options.FirstSite;
    private bool _stopped;

    /// <summary>The users the command line asked for, at the first site, their arrivals counted from <paramref name="startTimestamp"/>.</summary>
    public void Start(long startTimestamp)
    {
        lock (_lock)
        {
            // Stopped (a signal) just before the start command was read.
            if (_stopped)
            {
                return;
            }

            _startTimestamp = startTimestamp;
            AddUsersHoldingLock(context.Options.Users, startTimestamp);
            foreach (var (at, user, to) in _plannedHandovers)
            {
                PlanHandoverHoldingLock(at, user, to);
            }

            FollowWithProbesHoldingLock();
        }
    }

    /// <summary>Before start: user <paramref name="user"/> starts at <paramref name="at"/>, not at the first site.</summary>
    public void Place(int user, SiteLocation at)
    {
        lock (_lock)
        {
            if (_startTimestamp is not null)
            {
                ClientLog.Warn($"ignored place {user}: the users have started; place comes before start");
                return;
            }

            _placements[user] = at;
        }
    }

    /// <summary>User <paramref name="user"/> goes to <paramref name="to"/> at <paramref name="at"/> after the start (at once, if that has passed).</summary>
    public void Handover(TimeSpan at, int user, SiteLocation to)
    {
        lock (_lock)
        {
            if (_startTimestamp is null)
            {
                _plannedHandovers.Add((at, user, to));
            }
            else if (!_stopped)
            {
                PlanHandoverHoldingLock(at, user, to);
            }
        }
    }

    /// <summary>User k of the N there are now moves at <paramref name="over"/>·(k+1)/N from now; users that join later start at <paramref name="to"/>.</summary>
    public void Move(SiteLocation to, TimeSpan over)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            _arrivalSite = to;
            var moving = _users.ToList();
            for (var k = 0; k < moving.Count; k++)
            {
                var user = moving[k];
                scheduler.At(PreciseTimer.After(now, over * (k + 1) / moving.Count), due => MoveNow(user, to, due));
            }
        }
    }

    /// <summary>New users start at the latest move's site; removed users (highest index first) finish their outstanding requests.</summary>
    public void Scale(int users)
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            if (users > _users.Count)
            {
                AddUsersHoldingLock(users - _users.Count, Stopwatch.GetTimestamp());
            }

            while (_users.Count > users)
            {
                var leaving = _users[^1];
                _users.RemoveAt(_users.Count - 1);
                _departures.Add(leaving.LeaveAsync());
            }

            context.Records.Write(new ScaledRecord(context.Clock.NowUnixMicroseconds(), users));
            FollowWithProbesHoldingLock();
        }
    }

    /// <summary>
    /// Ends the run (the scheduler must have stopped already): every user finishes what it
    /// issued (each request within its timeout) and every probe gets its record.
    /// </summary>
    public async Task StopAsync()
    {
        Task[] waits;
        lock (_lock)
        {
            _stopped = true;
            _departures.AddRange(_users.Select(user => user.LeaveAsync()));
            _users.Clear();
            waits = [.. _departures, probes.StopAsync()];
        }

        await Task.WhenAll(waits);
    }

    /// <summary>Runs on the scheduler's thread, in due order with the arrivals, so <paramref name="due"/> splits the user's requests exactly.</summary>
    private void MoveNow(SimulatedUser user, SiteLocation to, long due)
    {
        lock (_lock)
        {
            // Removed by a scale-down since the move was planned.
            if (_stopped || !_users.Contains(user))
            {
                return;
            }

            user.MoveTo(to);
            context.Records.Write(new MovedRecord(context.Clock.UnixMicroseconds(due), user.Index, to.Site));
            FollowWithProbesHoldingLock();
        }
    }

    private void PlanHandoverHoldingLock(TimeSpan at, int index, SiteLocation to) =>
        scheduler.At(Math.Max(PreciseTimer.After(_startTimestamp!.Value, at), Stopwatch.GetTimestamp()), due =>
        {
            // The user may have been scaled away since; one that is there now moves.
            SimulatedUser? user;
            lock (_lock)
            {
                user = index < _users.Count ? _users[index] : null;
            }

            if (user is not null && user.Location != to)
            {
                MoveNow(user, to, due);
            }
        });

    private void AddUsersHoldingLock(int count, long fromTimestamp)
    {
        for (var i = 0; i < count; i++)
        {
            var user = new SimulatedUser(_users.Count, _placements.GetValueOrDefault(_users.Count, _arrivalSite), context, scheduler);
            _users.Add(user);
            user.Start(fromTimestamp);
        }
    }

    private void FollowWithProbesHoldingLock() => probes.Follow(_users.Select(user => user.Location).ToHashSet());
}
