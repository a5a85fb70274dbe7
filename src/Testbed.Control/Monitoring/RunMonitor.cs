using Testbed.Lab.Machine;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Calibration;
using Testbed.Network.Emulation;
using Testbed.Network.Wan;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Timing;

namespace Testbed.Control.Monitoring;

/// <summary>
/// Watches the run's own machinery every second, so that its figures can be trusted:
/// <list type="bullet">
/// <item>the harness's CPU budget: the CPU time each of the run's processes took (found by
/// their pid files), this process split into the link emulator's thread and the rest
/// (control, Orleans, Mininet's Python), and the host's idle time, in cpu.csv. Under TCG
/// every cycle the harness takes is one a guest lacks;</item>
/// <item>the link emulator's fidelity: each user-space link's frames, drops and lateness
/// per second, in links.csv.</item>
/// </list>
/// </summary>
public sealed class RunMonitor : IAsyncDisposable
{
    public const string LinkEmulatorRole = "link-emulator";
    public const string ControlRole = "control";
    public const string ClientRole = "client";
    public const string RouterRole = "router";
    public const string OtherRole = "other";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly RunDirectory _runtime;
    private readonly RunRecorder _recorder;
    private readonly Func<WanNetwork?> _network;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, TimeSpan> _last = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private long _lastTimestamp;

    private RunMonitor(RunDirectory runtime, RunRecorder recorder, Func<WanNetwork?> network)
    {
        _runtime = runtime;
        _recorder = recorder;
        _network = network;
        _loop = Task.Run(LoopAsync);
    }

    /// <param name="network">The run's network once it is built, else null.</param>
    public static RunMonitor Start(RunDirectory runtime, RunRecorder recorder, Func<WanNetwork?> network) => new(runtime, recorder, network);

    /// <summary>What the process named <paramref name="name"/> (its pid file's name) is to the run.</summary>
    public static string RoleOf(string name, string command) =>
        command.StartsWith("qemu-system", StringComparison.Ordinal) ? CpuRow.GuestRole
        : name.StartsWith(RunProcessNames.ClientPrefix, StringComparison.Ordinal) ? ClientRole
        : name.StartsWith(RunProcessNames.RouterPrefix, StringComparison.Ordinal) ? RouterRole
        : OtherRole;

    /// <summary>The host's idle time over <paramref name="span"/>, in percent of one core (two idle cores: 200).</summary>
    public static async Task<double> HostIdleCorePctAsync(TimeSpan span, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var before = HostIdle.SoFar();
        await Task.Delay(span, cancellationToken);
        var idle = HostIdle.SoFar() - before;
        return Math.Round(idle / System.Diagnostics.Stopwatch.GetElapsedTime(started) * 100, 1);
    }

    private async Task LoopAsync()
    {
        var failed = false;
        void Read(bool record)
        {
            try
            {
                Sample(record);
                if (record)
                {
                    RecordLinkSeconds();
                }
                else
                {
                    _network()?.TakeEmulatedSeconds();
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or FormatException)
            {
                // The network going away under a reading, or /proc changing shape: the
                // run goes on, and says once that its monitoring has a hole.
                if (!failed)
                {
                    _recorder.Event("monitor-failed", new { e.Message });
                    failed = true;
                }
            }
        }

        try
        {
            // The seconds count from t = 0, and the first reading is taken then: no second
            // holds CPU of the set-up (a client's start-up, calibration's load) or a link
            // second that ended before the timeline.
            await _recorder.ClockStarted.WaitAsync(_stop.Token);
            Read(record: false);
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Read(record: true);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads every clock; with <paramref name="record"/>, records what each took since the last reading.</summary>
    private void Sample(bool record)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var intervalS = System.Diagnostics.Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
        _lastTimestamp = now;
        var timeS = _recorder.Now();

        var emulator = CpuTime.OfOwnThreads(EmulatedLink.ThreadNamePrefix);
        var own = CpuTime.OfProcess(Environment.ProcessId) ?? TimeSpan.Zero;
        Account("testbed/link-emulator", LinkEmulatorRole, emulator);
        Account("testbed", ControlRole, own - emulator);
        foreach (var (name, identity) in _runtime.LiveProcesses())
        {
            if (CpuTime.OfProcess(identity.Pid) is { } cpu)
            {
                Account(name, RoleOf(name, Command(identity.Pid)), cpu);
            }
        }

        Account("host", CpuRow.HostIdleRole, HostIdle.SoFar());

        void Account(string process, string role, TimeSpan total)
        {
            var before = _last.GetValueOrDefault(process, total);
            _last[process] = total;
            if (record)
            {
                _recorder.Cpu(new CpuRow(Math.Round(timeS, 3), process, role, Math.Max(0, (total - before).TotalMilliseconds), intervalS));
            }
        }
    }

    private void RecordLinkSeconds()
    {
        if (_network() is not { } wan)
        {
            return;
        }

        var nowNs = PreciseTimer.NowNanoseconds();
        var nowS = _recorder.Now();
        foreach (var second in wan.TakeEmulatedSeconds())
        {
            var timeS = nowS - ((nowNs - second.EndNs) / 1e9);
            _recorder.LinkSecond(new LinkSecondRow(Math.Round(timeS, 3), second.Link, second.Direction, second.Frames, second.Drops,
                second.LateP50Us, second.LateP99Us, second.WakeDelayUs, LinkCalibration.DelayToleranceMsFor(second.DelayMs) * 1000));
        }
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
