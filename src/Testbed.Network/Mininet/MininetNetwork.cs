using Python.Runtime;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;

namespace Testbed.Network.Mininet;

/// <summary>
/// A Mininet network driven from C# through Python.NET and the thin `mininet_bridge`
/// module: nodes (hosts, routers with forwarding on), Linux bridges with no controller,
/// and veth links. Shaping the links is not its part (see WanNetwork).
///
/// Every node's namespace is also given a name (`ip netns attach`), so the rest of the
/// testbed (QEMU, TAPs of the link emulator, probes, `testbed clean`) reaches it like any
/// other namespace. Each object is written to the run's ledger before Mininet makes it,
/// so a crash leaves nothing `testbed clean` cannot find.
/// </summary>
public sealed class MininetNetwork : IAsyncDisposable
{
    private readonly RunDirectory _run;
    private readonly PyObject _bridge;
    private readonly PyObject _net;
    private readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);
    private readonly List<string> _switchNamespaces = [];
    private bool _started;
    private int _disposed;

    private MininetNetwork(RunDirectory run, PyObject bridge, PyObject net)
    {
        _run = run;
        _bridge = bridge;
        _net = net;
    }

    /// <summary>The folder of `mininet_bridge.py`: the repository's testbed/ folder.</summary>
    public static string HelperDirectory { get; set; } = FindHelperDirectory();

    public static async Task<MininetNetwork> CreateAsync(RunDirectory run, CancellationToken cancellationToken = default)
    {
        await PythonRuntime.EnsureStartedAsync(HelperDirectory, cancellationToken);
        using (Py.GIL())
        {
            PyObject bridge;
            try
            {
                bridge = Py.Import("mininet_bridge");
            }
            catch (PythonException e)
            {
                throw new InvalidOperationException($"cannot load Mininet through Python.NET: {e.Message}; run 'sudo testbed/provision.sh' (mininet)", e);
            }

            var net = bridge.InvokeMethod("create");
            return new MininetNetwork(run, bridge, net);
        }
    }

    /// <summary>Adds a node whose namespace will be named <paramref name="netns"/>; routers forward IPv4.</summary>
    public void AddNode(string name, string netns, bool router)
    {
        EnsureNotStarted();
        _run.Record(new LabResource(LabResourceKind.Namespace, netns));
        Call("add_node", _net, name, router);
        _namespaces[name] = netns;
    }

    /// <summary>
    /// Adds a Linux bridge in a namespace of its own, to be named <paramref name="netns"/>.
    /// Never in the root namespace: there a host's firewall (a stock dockerd sets iptables'
    /// FORWARD policy to DROP and loads br_netfilter) would filter every frame it bridges.
    /// </summary>
    public void AddSwitch(string name, string netns)
    {
        EnsureNotStarted();
        _run.Record(new LabResource(LabResourceKind.Namespace, netns));
        Call("add_switch", _net, name);
        _namespaces[name] = netns;
        _switchNamespaces.Add(netns);
    }

    /// <summary>Adds a veth link between two nodes (or a node and a switch) with the given interface names.</summary>
    public void AddLink(string a, string b, string interfaceA, string interfaceB)
    {
        EnsureNotStarted();
        // Mininet makes both ends in the root namespace before moving them.
        _run.Record(new LabResource(LabResourceKind.Link, interfaceA));
        _run.Record(new LabResource(LabResourceKind.Link, interfaceB));
        Call("add_link", _net, a, b, interfaceA, interfaceB);
    }

    /// <summary>Builds the network and names every node's namespace.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        EnsureNotStarted();
        Call("start", _net);
        _started = true;
        foreach (var (node, netns) in _namespaces)
        {
            var pid = Pid(node);
            _run.Adopt($"mininet-{node}", pid);
            await CommandRunner.RunCheckedAsync("ip", ["netns", "attach", netns, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        }

        foreach (var netns in _switchNamespaces)
        {
            await BridgeNetfilter.TurnOffAsync(netns, cancellationToken);
        }
    }

    public string NamespaceOf(string node) => _namespaces[node];

    /// <summary>The pid of the shell that holds the node's namespace.</summary>
    public int Pid(string node)
    {
        using (Py.GIL())
        {
            using var pid = Call("node_pid", _net, node);
            return pid.As<int>();
        }
    }

    /// <summary>Runs a shell command in the node through Mininet, and returns what it printed.</summary>
    public string Cmd(string node, string command)
    {
        using (Py.GIL())
        {
            using var output = Call("cmd", _net, node, command);
            return output.As<string>();
        }
    }

    /// <summary>Stops Mininet (its shells, links and bridges) and removes the namespace names.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            Call("stop", _net);
        }
        finally
        {
            foreach (var netns in _namespaces.Values)
            {
                if (await IpRoute.NamespaceExistsAsync(netns))
                {
                    await IpRoute.DeleteNamespaceAsync(netns);
                }
            }

            using (Py.GIL())
            {
                _net.Dispose();
                _bridge.Dispose();
            }
        }
    }

    /// <summary>Calls a function of the helper module; arguments become Python objects only once the GIL is held.</summary>
    private PyObject Call(string function, params object[] arguments)
    {
        using (Py.GIL())
        {
            var converted = arguments.Select(a => a as PyObject ?? a.ToPython()).ToArray();
            try
            {
                return _bridge.InvokeMethod(function, converted);
            }
            catch (PythonException e)
            {
                throw new InvalidOperationException($"Mininet {function}: {e.Message}", e);
            }
            finally
            {
                foreach (var (argument, original) in converted.Zip(arguments))
                {
                    if (!ReferenceEquals(argument, original))
                    {
                        argument.Dispose();
                    }
                }
            }
        }
    }

    private void EnsureNotStarted()
    {
        if (_started)
        {
            throw new InvalidOperationException("Mininet builds its network once: add every node, switch and link before starting it");
        }
    }

    private static string FindHelperDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "testbed", "mininet_bridge.py");
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        return "/usr/share/testbed";
    }
}
