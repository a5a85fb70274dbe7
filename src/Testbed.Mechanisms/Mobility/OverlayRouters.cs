using System.Diagnostics;
using System.Text.Json;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Lab.Timing;
using Testbed.Network.Wan;
using Testbed.Overlay.Control;
using Testbed.Overlay.DataPlane;
using Testbed.Overlay.Hosting;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// One testbed-router per data center of a built WAN, each in its data center router's
/// namespace, each with a control client. Users' traffic for the service block is routed
/// to the nearest data center (anycast) or, for triangular routing, always to one.
/// </summary>
public sealed class OverlayRouters : IAsyncDisposable
{
    /// <summary>How long a router may take from start to answering on its socket.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan SocketPollInterval = TimeSpan.FromMilliseconds(25);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly RunDirectory _run;
    private readonly WanNetwork _wan;
    private readonly Dictionary<string, RouterConfiguration> _configurations;
    private readonly Dictionary<string, TrackedProcess> _processes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RouterControlClient> _clients = new(StringComparer.Ordinal);

    /// <summary>Guards the two dictionaries: a router restarted after a crash changes them while the run reads them.</summary>
    private readonly Lock _lock = new();

    private OverlayRouters(RunDirectory run, WanNetwork wan, Dictionary<string, RouterConfiguration> configurations)
    {
        _run = run;
        _wan = wan;
        _configurations = configurations;
    }

    public IReadOnlyList<RouterControlClient> Clients
    {
        get
        {
            lock (_lock)
            {
                return [.. _wan.Topology.DataCenters.Select(d => _clients[d.Name])];
            }
        }
    }

    public RouterControlClient Client(string dataCenter)
    {
        lock (_lock)
        {
            return _clients[dataCenter];
        }
    }

    /// <summary>The CPU time the routers running now have used, all of them together.</summary>
    public TimeSpan CpuTime()
    {
        lock (_lock)
        {
            return _processes.Values.Select(p => Lab.Processes.CpuTime.OfProcess(p.Pid) ?? TimeSpan.Zero).Aggregate(TimeSpan.Zero, (sum, next) => sum + next);
        }
    }

    /// <summary>
    /// Starts the routers and points the underlay's route for the service block at the
    /// ingress: the nearest data center, or <paramref name="homeIngress"/> for every node.
    /// Without <paramref name="kernelFastPath"/>, the router processes forward every packet
    /// (what a router costs when it must decide for each one).
    /// </summary>
    /// <param name="remote">
    /// In a WAN split over lab machines, a client for the router of a data center another
    /// host builds (which starts it): <see cref="RouterControlClient.Relayed"/>. Only this
    /// host's routers are started here.
    /// </param>
    public static async Task<OverlayRouters> StartAsync(
        RunDirectory run, WanNetwork wan, string? homeIngress = null, bool kernelFastPath = true, Func<string, RouterControlClient>? remote = null,
        CancellationToken cancellationToken = default)
    {
        var plan = wan.Plan;
        var dataCenters = wan.Topology.DataCenters.Select(d => d.Name).ToList();
        var configurations = dataCenters.Where(wan.HasNode).ToDictionary(dc => dc, dc => new RouterConfiguration
        {
            Name = dc,
            UnderlayAddress = plan.Loopback(dc).ToString(),
            ServicePrefix = plan.Blocks.Services.ToString(),
            LanInterface = wan.LanPort(dc),
            ControlSocket = run.SocketPath(RunProcessNames.Router(dc) + ".sock"),
            Peers = [.. dataCenters.Where(p => p != dc).Select(p => new PeerRouter(p, plan.Loopback(p).ToString()))],
            KernelFastPath = kernelFastPath,
        }, StringComparer.Ordinal);

        var routers = new OverlayRouters(run, wan, configurations);
        try
        {
            foreach (var dc in dataCenters)
            {
                if (wan.HasNode(dc))
                {
                    await routers.StartRouterAsync(dc, cancellationToken);
                }
                else
                {
                    routers._clients[dc] = remote?.Invoke(dc)
                        ?? throw new InvalidOperationException($"data center {dc} is built on another host, and no relay to its router was given");
                }
            }

            // Data center routers keep their own LAN's route for the block: that is how they
            // deliver what they take out of a tunnel.
            var ingress = homeIngress is null
                ? wan.Routes.NearestDataCenterRoutes(plan.Blocks.Services)
                : wan.Routes.ServiceRoutes(plan.Blocks.Services, homeIngress).Where(r => !dataCenters.Contains(r.Node));
            await wan.ReplaceRoutesAsync(ingress, cancellationToken);
            return routers;
        }
        catch
        {
            await routers.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops a router as a crash would (SIGKILL: no clean-up of its own) and starts a new
    /// one, which comes up with an empty table; the caller reloads it.
    /// </summary>
    public async Task<RouterControlClient> RestartAsync(string dataCenter, CancellationToken cancellationToken = default)
    {
        RouterControlClient client;
        TrackedProcess process;
        lock (_lock)
        {
            (client, process) = (_clients[dataCenter], _processes[dataCenter]);
            _clients.Remove(dataCenter);
            _processes.Remove(dataCenter);
        }

        await client.DisposeAsync();
        process.ExpectExit();
        if (process.Identity is not null)
        {
            Signals.KillNow(process.Identity);
        }

        await process.DisposeAsync();
        return await StartRouterAsync(dataCenter, cancellationToken);
    }

    private async Task<RouterControlClient> StartRouterAsync(string dataCenter, CancellationToken cancellationToken)
    {
        var configuration = _configurations[dataCenter];
        var folder = Directory.CreateDirectory(Path.Combine(_run.Path, "routers")).FullName;
        var configurationFile = Path.Combine(folder, $"{dataCenter}.json");
        await File.WriteAllTextAsync(configurationFile, JsonSerializer.Serialize(configuration, Indented), cancellationToken);

        var process = _run.StartProcess(
            RunProcessNames.Router(dataCenter), "dotnet", [RouterProgram.Locate(), "--config", configurationFile], _wan.Node(dataCenter).Namespace, untilStopped: true);
        lock (_lock)
        {
            _processes[dataCenter] = process;
        }

        var client = await ConnectWhenReadyAsync(dataCenter, configuration.ControlSocket, process, cancellationToken);
        lock (_lock)
        {
            _clients[dataCenter] = client;
        }

        return client;
    }

    /// <summary>Polls the starting router's socket (there is no event to wait on) until it answers, the router exits, or the time runs out.</summary>
    private Task<RouterControlClient> ConnectWhenReadyAsync(string dataCenter, string socket, TrackedProcess process, CancellationToken cancellationToken) =>
        WaitUntil.FoundAsync<RouterControlClient>(
            async token =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"testbed-router for {dataCenter} exited at start (exit code {process.ExitCode}): {_run.LogTail(RunProcessNames.Router(dataCenter))}");
                }

                if (!File.Exists(socket))
                {
                    return null;
                }

                try
                {
                    var client = await RouterControlClient.ConnectAsync(dataCenter, socket, token);
                    await client.TableAsync(token);
                    return client;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // Bound but not yet listening.
                    return null;
                }
            },
            StartTimeout, SocketPollInterval,
            () => new TimeoutException($"testbed-router for {dataCenter} did not answer on {socket} within {StartTimeout.TotalSeconds:0} s"),
            cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        RouterControlClient[] clients;
        TrackedProcess[] processes;
        lock (_lock)
        {
            (clients, processes) = ([.. _clients.Values], [.. _processes.Values]);
            _clients.Clear();
            _processes.Clear();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }
}
