using System.Diagnostics;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.World;
using Testbed.Lab.Runs;
using Testbed.Network.Wan;
using Testbed.Results.Records;

namespace Testbed.Control.Monitoring;

/// <summary>
/// Catches the failures of the run's machinery that the experiment did not script, as they
/// happen (a process's exit, the link emulator's thread stopping: events, no polling), and
/// turns each into a fault in events.jsonl and the summary. What can be recovered is:
/// <list type="bullet">
/// <item>a smart router that died is restarted and given a peer's table (<c>load</c>); the run
/// goes on, degraded;</item>
/// <item>a client that died takes its group's users with it; the run goes on, degraded;</item>
/// <item>a QEMU waiting for a migration that died fails that migration, which leaves the
/// service at its source; the run goes on, degraded.</item>
/// </list>
/// What cannot ends the run as failed: a serving guest that died, a router that could not be
/// brought back, the link emulator's thread stopping.
/// </summary>
public sealed class FaultWatch : IAsyncDisposable
{
    private readonly RunWorld _world;
    private readonly List<Task> _handling = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();

    private FaultWatch(RunWorld world)
    {
        _world = world;
        world.Runtime.UnexpectedExit += OnExit;
        world.NetworkReady += OnNetwork;
    }

    public static FaultWatch Start(RunWorld world) => new(world);

    /// <summary>Runs on the thread that reaped the process: nothing may escape it, or the whole process would go.</summary>
    private void OnExit(ProcessExit exit)
    {
        try
        {
            Handle(exit);
        }
        catch (Exception e)
        {
            _world.Abort($"{exit.Cause}, and handling that failed: {e.Message}");
        }
    }

    private void Handle(ProcessExit exit)
    {
        if (exit.Name.StartsWith(RunProcessNames.RouterPrefix, StringComparison.Ordinal))
        {
            Track(RecoverRouterAsync(exit.Name[RunProcessNames.RouterPrefix.Length..], exit));
        }
        else if (exit.Name.StartsWith(RunProcessNames.ClientPrefix, StringComparison.Ordinal))
        {
            Record($"client of group {exit.Name[RunProcessNames.ClientPrefix.Length..]}", exit.Cause, FaultEffect.Degraded);
        }
        else if (_world.GuestKeyOfProcess(exit.Name) is { } key)
        {
            var (dataCenter, service) = VirtualMachineKey.Parse(key);
            if (_world.Vm(key) is null)
            {
                // Still starting: the boot or the migration it was started for fails, and says so.
                Record($"guest {service} in {dataCenter}, while it started", exit.Cause, FaultEffect.Degraded);
            }
            else if (_world.IsIncoming(key))
            {
                Record($"guest {service} in {dataCenter}, the destination of a migration", exit.Cause, FaultEffect.Degraded,
                    "the migration fails, and the service stays at its source");
            }
            else
            {
                End($"guest {service} in {dataCenter}", exit.Cause);
            }
        }
        else
        {
            Record(exit.Name, exit.Cause, FaultEffect.Degraded);
        }
    }

    private void OnNetwork(WanNetwork wan)
    {
        if (wan.LinkEmulatorStopped is { } stopped)
        {
            WatchLinkEmulator(stopped);
        }
    }

    /// <summary>Ends the run as failed if <paramref name="stopped"/> completes: the link emulator's thread stopped, cutting every user-space link.</summary>
    internal void WatchLinkEmulator(Task<Exception> stopped) => Track(WatchEmulatorAsync(stopped));

    private async Task WatchEmulatorAsync(Task<Exception> stopped)
    {
        try
        {
            var failure = await stopped.WaitAsync(_disposed.Token);
            End("link emulator", $"its thread stopped: {failure.Message}");
        }
        catch (OperationCanceledException)
        {
            // The run ended first: its teardown disposes this watch.
        }
    }

    /// <summary>A new router process in the dead one's place, loaded with a live peer's table: every router holds the same table.</summary>
    private async Task RecoverRouterAsync(string dataCenter, ProcessExit exit)
    {
        var component = $"router of {dataCenter}";
        if (_world.Stopping.IsCancellationRequested)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            if (_world.Mechanism.SmartRouters is not { } routers)
            {
                End(component, exit.Cause);
                return;
            }

            var restarted = await routers.RestartAsync(dataCenter, _world.Stopping);
            foreach (var peer in routers.Clients.Where(c => c.Router != dataCenter))
            {
                try
                {
                    var table = await peer.TableAsync(_world.Stopping);
                    await restarted.LoadAsync(table, _world.Stopping);
                    Record(component, exit.Cause, FaultEffect.Degraded,
                        $"restarted, and loaded {table.Count} entries from the router of {peer.Router}, {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms after it died");
                    return;
                }
                catch (Exception e) when (e is IOException or Overlay.Control.RouterRefusedException or System.Net.Sockets.SocketException)
                {
                    // Try the next peer.
                }
            }

            End(component, $"{exit.Cause}; restarted, but no peer gave it a table");
        }
        catch (OperationCanceledException) when (_world.Stopping.IsCancellationRequested)
        {
            // The run is ending anyway.
        }
        catch (Exception e)
        {
            End(component, $"{exit.Cause}; and it could not be restarted: {e.Message}");
        }
    }

    private void Record(string component, string cause, FaultEffect effect, string? recovery = null)
    {
        if (_world.Stopping.IsCancellationRequested && effect == FaultEffect.Degraded)
        {
            // Processes ending while the run is being torn down are no news.
            return;
        }

        _world.Recorder.Fault(new RunFault(_world.Recorder.Zero is null ? null : Math.Round(_world.Recorder.Now(), 3), component, cause, effect, recovery));
    }

    /// <summary>Records a fault the run cannot go on with, and ends the run with it as the reason.</summary>
    private void End(string component, string cause)
    {
        if (_world.Stopping.IsCancellationRequested)
        {
            return;
        }

        Record(component, cause, FaultEffect.Failed);
        _world.Abort($"{component} failed: {cause}");
    }

    private void Track(Task handling)
    {
        lock (_lock)
        {
            _handling.RemoveAll(t => t.IsCompleted);
            _handling.Add(handling);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _world.Runtime.UnexpectedExit -= OnExit;
        _world.NetworkReady -= OnNetwork;
        await _disposed.CancelAsync();
        Task[] handling;
        lock (_lock)
        {
            handling = [.. _handling];
        }

        await Task.WhenAll(handling);
        _disposed.Dispose();
    }
}
