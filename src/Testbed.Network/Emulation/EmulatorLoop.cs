using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Testbed.Lab.Processes;
using Testbed.Workload.Timing;

namespace Testbed.Network.Emulation;

/// <summary>
/// The one thread that carries every emulated link of this process. It sleeps once, on a
/// <see cref="PreciseTimer"/> that watches every link's TAP, for both things it waits for:
/// a frame to read on any link and the earliest frame in flight falling due. Once woken it
/// reads every frame there is and writes every frame that is due.
/// </summary>
/// <remarks>
/// In a VM a context switch is the dearest thing the emulator does, so there is one thread
/// and nothing is handed between threads. One thread also carries a frame across several
/// links in one wake-up: the frame it writes into a router's namespace is forwarded by the
/// kernel within that write, and is waiting on the next link's TAP when the write returns.
/// A frame leaves at most <see cref="PreciseTimer.EarlyAllowance"/> before it is due.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The loop lives as long as the process; the kernel closes its descriptors at exit.")]
internal sealed class EmulatorLoop
{
    private const int MaxEventsPerWake = 64;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>A command the loop has not carried out by then never will be: it is stuck or gone.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<EmulatorLoop> SharedLoop = new(() => new EmulatorLoop());

    private readonly PreciseTimer _timer = new();
    private readonly ConcurrentQueue<(Action Command, TaskCompletionSource Done)> _commands = new();
    private readonly Dictionary<ulong, EmulatedDirection> _byToken = [];
    private readonly byte[] _readBuffer = new byte[EmulatedDirection.FrameBufferSize];
    private readonly Thread _thread;
    private ulong _nextToken;
    private long _secondEndNs;
    private ThreadSchedule? _scheduleAtSecondStart;
    private readonly TaskCompletionSource<Exception> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _died;

    private EmulatorLoop()
    {
        _secondEndNs = NextSecondEnd(PreciseTimer.NowNanoseconds());
        _thread = new Thread(Run, 256 * 1024) { IsBackground = true, Name = EmulatedLink.ThreadNamePrefix + "emulator" };
        _thread.Start();
    }

    /// <summary>The process's loop, started on first use; idle, it sleeps with no timer armed.</summary>
    public static EmulatorLoop Shared => SharedLoop.Value;

    /// <summary>Completes, with the failure, if the loop's thread ever stops: every link it carried is then cut.</summary>
    public Task<Exception> Stopped => _stopped.Task;

    /// <summary>Starts carrying <paramref name="direction"/>'s frames; returns once the loop does.</summary>
    public void Add(EmulatedDirection direction) => OnLoop(() =>
    {
        var token = _nextToken++;
        try
        {
            _timer.Watch(direction.From.Descriptor, token);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"cannot watch {direction.From.Name}: {e.Message}", e);
        }

        _byToken[token] = direction;
    });

    /// <summary>Stops carrying <paramref name="direction"/>; once this returns, the loop no longer touches its TAPs.</summary>
    public void Remove(EmulatedDirection direction) => OnLoop(() =>
    {
        foreach (var (token, served) in _byToken.Where(pair => pair.Value == direction).ToList())
        {
            _timer.Unwatch(served.From.Descriptor);
            _byToken.Remove(token);
        }

        direction.CloseSecond(PreciseTimer.NowNanoseconds(), WakeDelaySinceSecondStartUs(reset: false));
        direction.DropInFlight();
    });

    /// <summary>Closes the seconds that have ended, so that a reader sees them without waiting for the next frame.</summary>
    public void CloseEndedSeconds() => OnLoop(() => CloseEndedSeconds(PreciseTimer.NowNanoseconds()));

    /// <summary>Carries out <paramref name="command"/> on the loop's thread, between two wake-ups, and returns once it has.</summary>
    private void OnLoop(Action command)
    {
        if (Thread.CurrentThread == _thread)
        {
            command();
            return;
        }

        if (_died is { } died)
        {
            throw new InvalidOperationException("the link emulator has stopped: " + died.Message, died);
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands.Enqueue((command, done));
        _timer.Interrupt();
        if (!done.Task.Wait(CommandTimeout))
        {
            throw new TimeoutException($"the link emulator did not answer within {CommandTimeout.TotalSeconds} s");
        }

        done.Task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// A failure of the loop itself (not of one command) stops every link: it is kept, every
    /// command waiting is failed with it, and every later one too, so that nothing hangs.
    /// </summary>
    private void Run()
    {
        try
        {
            Serve();
        }
        catch (Exception e)
        {
            _died = e;
            while (_commands.TryDequeue(out var pending))
            {
                pending.Done.TrySetException(e);
            }

            _stopped.TrySetResult(e);
        }
    }

    private void Serve()
    {
        PreciseTimer.TuneCallingThread();
        _scheduleAtSecondStart = ThreadSchedule.OfCallingThread();
        Span<ulong> ready = stackalloc ulong[MaxEventsPerWake];
        while (true)
        {
            while (_commands.TryDequeue(out var pending))
            {
                try
                {
                    pending.Command();
                    pending.Done.SetResult();
                }
                catch (Exception e)
                {
                    pending.Done.SetException(e);
                }
            }

            var earliest = long.MaxValue;
            foreach (var direction in _byToken.Values)
            {
                earliest = Math.Min(earliest, direction.NextDueNs);
            }

            var wake = _timer.Wait(earliest, ready, out var readyCount);
            CloseEndedSeconds(PreciseTimer.NowNanoseconds());
            if (wake == PreciseWake.Readable)
            {
                foreach (var token in ready[..readyCount])
                {
                    if (_byToken.TryGetValue(token, out var direction))
                    {
                        direction.ReadAll(_readBuffer);
                    }
                }
            }

            var nowNs = PreciseTimer.NowNanoseconds();
            foreach (var direction in _byToken.Values)
            {
                direction.DeliverDue(nowNs);
            }
        }
    }

    private void CloseEndedSeconds(long nowNs)
    {
        if (nowNs < _secondEndNs)
        {
            return;
        }

        var wakeDelayUs = WakeDelaySinceSecondStartUs(reset: true);
        foreach (var direction in _byToken.Values)
        {
            direction.CloseSecond(_secondEndNs, wakeDelayUs);
        }

        _secondEndNs = NextSecondEnd(nowNs);
    }

    /// <summary>How long this thread waited for a CPU per time it was run, on average, since the second began; on the loop's thread only.</summary>
    private double? WakeDelaySinceSecondStartUs(bool reset)
    {
        var now = ThreadSchedule.OfCallingThread();
        var start = _scheduleAtSecondStart;
        if (reset)
        {
            _scheduleAtSecondStart = now;
        }

        return now is null || start is null || now.Slices <= start.Slices
            ? null
            : (now.Waiting - start.Waiting).TotalMicroseconds / (now.Slices - start.Slices);
    }

    private static long NextSecondEnd(long nowNs) => ((nowNs / NanosecondsPerSecond) + 1) * NanosecondsPerSecond;
}
