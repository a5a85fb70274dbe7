using System.Collections.Concurrent;
using System.Diagnostics;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Forwarding;

/// <summary>
/// Keeps each flow on the replica that first served it, so that adding or removing a
/// replica moves only new flows. A flow whose replica is no longer in the entry (it was
/// dropped, or the VM migrated away) is chosen again; a flow idle for longer than the
/// timeout is forgotten, and its next packet starts a new flow.
/// </summary>
public sealed class FlowAffinity(ReplicaChooser chooser, TimeSpan idleTimeout)
{
    private readonly ConcurrentDictionary<FlowKey, FlowState> _flows = new();
    private readonly long _idleTicks = (long)(idleTimeout.TotalSeconds * Stopwatch.Frequency);

    public int Count => _flows.Count;

    /// <summary>The data center this packet goes to, counting it for its flow.</summary>
    public string Route(FlowKey flow, LocationEntry entry, int bytes, long nowTicks)
    {
        if (_flows.TryGetValue(flow, out var state) && nowTicks - state.LastSeenTicks <= _idleTicks && entry.IsHostedAt(state.DataCenter))
        {
            state.Count(bytes, nowTicks);
            return state.DataCenter;
        }

        var chosen = chooser.Choose(entry);
        state = new FlowState(chosen, nowTicks);
        _flows[flow] = state;
        state.Count(bytes, nowTicks);
        return chosen;
    }

    /// <summary>Keeps a flow the router has not seen (the kernel carried it) on <paramref name="dataCenter"/>; a flow it knows keeps its own.</summary>
    public void Pin(FlowKey flow, string dataCenter, long nowTicks) => _flows.TryAdd(flow, new FlowState(dataCenter, nowTicks));

    /// <summary>Forgets flows idle for longer than the timeout; returns how many.</summary>
    public int Sweep(long nowTicks)
    {
        var removed = 0;
        foreach (var (key, state) in _flows)
        {
            if (nowTicks - state.LastSeenTicks > _idleTicks && _flows.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    public IReadOnlyList<KeyValuePair<FlowKey, FlowState>> Snapshot() => [.. _flows];
}
