using System.Collections.Concurrent;
using System.Globalization;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosts;
using Testbed.Experiments.Model;
using Testbed.Lab.Files;
using Testbed.Lab.Runs;
using Testbed.Mechanisms.Guests;
using Testbed.Mechanisms.Mobility;
using Testbed.Network.Wan;
using Testbed.Qemu.Host;
using Testbed.Qemu.Image;
using Testbed.Results.Files;
using Testbed.Topology.Addressing;

namespace Testbed.Control.World;

/// <summary>
/// The live objects of one run on this host: the emulated WAN, the mechanism, the QEMU
/// processes, the results recorder. No grain sees it: the host services in
/// <see cref="Hosts"/> are built over it, and grains get those. One per silo: in a cluster
/// each host's silo holds its own host's part.
/// </summary>
public sealed class RunWorld : IRunLifetime, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, QemuVm> _vms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _incoming = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _hurrying = new();
    private WanNetwork? _wan;
    private IMobilityMechanism? _mechanism;

    public RunWorld(Experiment experiment, string runId, RunDirectory runtime, RunRecorder recorder, IReadOnlyDictionary<GuestImageKind, GuestImage> images, Accelerator accel, LinkEmulation emulation)
    {
        Experiment = experiment;
        RunId = runId;
        Runtime = runtime;
        Recorder = recorder;
        Images = images;
        Accel = accel;
        Emulation = emulation;
        Guests = experiment.Services
            .Select((s, i) => new GuestSpec(s.Name, IPAddressOfService(i), MacOfService(i), s.MemoryMib, s.DirtyMegabytesPerSecond, s.ServiceTime.TotalMilliseconds, s.Vcpus))
            .ToDictionary(g => g.Name, StringComparer.Ordinal);
    }

    public Experiment Experiment { get; }

    public string RunId { get; }

    public RunDirectory Runtime { get; }

    public RunRecorder Recorder { get; }

    public IReadOnlyDictionary<GuestImageKind, GuestImage> Images { get; }

    public Accelerator Accel { get; }

    /// <summary>This host's share of a WAN split over several lab machines; null when this host runs it all.</summary>
    public WanShare? Share { get; init; }

    /// <summary>What was asked for; <see cref="WanNetwork.Emulation"/> says what was built.</summary>
    public LinkEmulation Emulation { get; }

    public IReadOnlyDictionary<string, GuestSpec> Guests { get; }

    /// <summary>Cancelled when the run is aborted: every long wait of the run watches it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public WanNetwork Wan
    {
        get => _wan ?? throw new InvalidOperationException("the network is not built yet");
        set => _wan = value;
    }

    public bool HasNetwork => _wan is not null;

    public IMobilityMechanism Mechanism
    {
        get => _mechanism ?? throw new InvalidOperationException("the mechanism is not started yet");
        set => _mechanism = value;
    }

    public ServiceSpec Service(string name) => Experiment.Services.Single(s => s.Name == name);

    public GuestImage ImageFor(string service) => Images[Service(service).Image];

    public QemuVm? Vm(string key) => _vms.GetValueOrDefault(key);

    /// <param name="incoming">A QEMU waiting for a migration stream: it serves nobody until <see cref="Arrived"/>.</param>
    public void AddVm(string key, QemuVm vm, bool incoming = false)
    {
        if (!_vms.TryAdd(key, vm))
        {
            throw new InvalidOperationException($"a VM {key} is already running");
        }

        if (incoming)
        {
            _incoming[key] = true;
        }
    }

    /// <summary>The incoming VM under <paramref name="key"/> now holds the guest, and serves.</summary>
    public void Arrived(string key) => _incoming.TryRemove(key, out _);

    /// <summary>Whether the VM under <paramref name="key"/> still waits for (or is taking) a migration.</summary>
    public bool IsIncoming(string key) => _incoming.ContainsKey(key);

    /// <summary>The VM key of a QEMU by its tracked process's name (<see cref="WanGuest.InstanceName"/>), running or starting; null for none.</summary>
    public string? GuestKeyOfProcess(string processName) =>
        Experiment.Services.SelectMany(s => Experiment.Topology.DataCenters, (s, d) => (Service: s.Name, DataCenter: d.Name))
            .Where(p => WanGuest.InstanceName(p.Service, p.DataCenter) == processName)
            .Select(p => VirtualMachineKey.Of(p.DataCenter, p.Service))
            .FirstOrDefault();

    /// <summary>Stops and forgets the VM, and removes its tap; nothing when there is none.</summary>
    public async Task RemoveVmAsync(string key)
    {
        _incoming.TryRemove(key, out _);
        if (_vms.TryRemove(key, out var vm))
        {
            await WanGuest.StopAsync(vm);
        }
    }

    /// <summary>Why the run was stopped early; null while it has not been.</summary>
    public string? AbortReason { get; private set; }

    /// <summary>What environment.json says: the machine, the tools, and (once built) the link emulation.</summary>
    public System.Text.Json.Nodes.JsonObject Environment { get; init; } = [];

    /// <summary>The link emulation actually built, "netem" or "userspace"; null before the network exists.</summary>
    public string? LinkEmulationBuilt => _wan?.Emulation.ToString().ToLowerInvariant();

    public void Abort(string reason)
    {
        AbortReason ??= reason;
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Torn down already: a failure reported after the end (a last event the disk refused) has nothing left to stop.
        }
    }

    public CancellationToken Hurrying => _hurrying.Token;

    public void Hurry() => _hurrying.Cancel();

    /// <summary>Raised once the network is built: for watchers of its machinery.</summary>
    public event Action<WanNetwork>? NetworkReady;

    /// <summary>Adds what the built network chose to environment.json, and tells the watchers.</summary>
    public void NetworkBuilt()
    {
        Environment["link_emulation"] = LinkEmulationBuilt;
        WriteEnvironment();
        NetworkReady?.Invoke(Wan);
    }

    public void WriteEnvironment() =>
        AtomicFile.WriteAllText(Recorder.PathOf(ResultsFileNames.Environment), Environment.ToJsonString(ResultsJson.Indented) + "\n");

    /// <summary>Stops every VM, the mechanism and the network, in that order, whatever failed before.</summary>
    public async Task TearDownAsync()
    {
        var failures = new List<Exception>();
        foreach (var key in _vms.Keys.ToList())
        {
            await Try(() => RemoveVmAsync(key), failures);
        }

        if (_mechanism is not null)
        {
            await Try(async () => await _mechanism.DisposeAsync(), failures);
        }

        if (_wan is not null)
        {
            await Try(async () => await _wan.DisposeAsync(), failures);
        }

        _mechanism = null;
        _wan = null;
        if (failures.Count > 0)
        {
            throw new AggregateException("tearing the run down failed", failures);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            await TearDownAsync();
        }
        finally
        {
            _stopping.Dispose();
            _hurrying.Dispose();
        }
    }

    private static async Task Try(Func<Task> step, List<Exception> failures)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            failures.Add(e);
        }
    }

    /// <summary>The address blocks the run's WAN is built with.</summary>
    public static readonly AddressBlocks Blocks = new();

    /// <summary>Service i takes the i-th address of the service block (from .2), as <see cref="AddressPlan.ServiceAddress"/> does.</summary>
    private static System.Net.IPAddress IPAddressOfService(int index) => Ipv4.Address(Blocks.Services, index + 2);

    /// <summary>A locally administered MAC per service, the same wherever the VM runs.</summary>
    private static string MacOfService(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"52:54:00:00:{(index + 2) >> 8:x2}:{(index + 2) & 0xff:x2}");
}
