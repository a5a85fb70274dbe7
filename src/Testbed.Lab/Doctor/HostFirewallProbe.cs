using System.Globalization;
using System.Text.RegularExpressions;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;

namespace Testbed.Lab.Doctor;

/// <summary>
/// Reads what a host's firewall would do to bridged traffic (the FORWARD policy, br_netfilter,
/// dockerd), then tries the testbed's answer to it: two scratch namespaces joined by a bridge
/// in a third, bridge netfilter off there, as the WAN's LANs are built; a ping must cross it.
/// </summary>
public static partial class HostFirewallProbe
{
    public static async Task<HostFirewall> RunAsync(RunDirectory run, CancellationToken cancellationToken = default)
    {
        var policy = await ForwardPolicyAsync(cancellationToken);
        var (immune, detail) = await ProbeBridgeAsync(run, cancellationToken);
        return new HostFirewall(policy, BridgeNetfilter.CallsIptablesInRootNamespace(), DockerdPids(), immune, detail);
    }

    /// <summary>The root namespace's FORWARD policy as iptables reports it, or null when iptables is not installed.</summary>
    public static async Task<string?> ForwardPolicyAsync(CancellationToken cancellationToken = default)
    {
        if (ProgramLocator.Find("iptables") is null)
        {
            return null;
        }

        var result = await CommandRunner.RunAsync("iptables", ["-w", "-S", "FORWARD"], TimeSpan.FromSeconds(10), cancellationToken);
        return result.Succeeded && PolicyLine().Match(result.StandardOutput) is { Success: true } match ? match.Groups[1].Value : null;
    }

    /// <summary>Processes whose command is dockerd, read from /proc (looked at, never signalled).</summary>
    public static IReadOnlyList<int> DockerdPids()
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "dockerd")
                    {
                        pids.Add(pid);
                    }
                }
                catch (IOException)
                {
                    // It exited while we looked.
                }
            }
        }

        pids.Sort();
        return pids;
    }

    private static async Task<(bool Immune, string Detail)> ProbeBridgeAsync(RunDirectory run, CancellationToken cancellationToken)
    {
        var tag = $"tb-{Guid.NewGuid():N}"[..11];
        string[] namespaces = [$"{tag}-fwa", $"{tag}-fwb", $"{tag}-fwbr"];
        var (a, b, bridge) = (namespaces[0], namespaces[1], namespaces[2]);
        try
        {
            foreach (var netns in namespaces)
            {
                await run.CreateNamespaceAsync(netns, cancellationToken);
            }

            // Each veth is made with its ends already in their namespaces: the root namespace never holds them.
            await IpRoute.BatchAsync(null,
            [
                $"link add name fw0 netns {a} type veth peer name fwa netns {bridge}",
                $"link add name fw0 netns {b} type veth peer name fwb netns {bridge}",
            ], cancellationToken);
            await IpRoute.BatchAsync(bridge,
                ["link add name br0 type bridge", "link set fwa master br0", "link set fwb master br0", "link set fwa up", "link set fwb up", "link set br0 up"],
                cancellationToken);
            await BridgeNetfilter.TurnOffAsync(bridge, cancellationToken);
            await IpRoute.BatchAsync(a, ["addr add 192.0.2.1/24 dev fw0", "link set fw0 up"], cancellationToken);
            await IpRoute.BatchAsync(b, ["addr add 192.0.2.2/24 dev fw0", "link set fw0 up"], cancellationToken);

            // ping keeps sending until one echo returns or 5 s pass: the first may wait for ARP.
            var ping = await CommandRunner.RunAsync("ip", ["netns", "exec", a, "ping", "-n", "-q", "-c", "1", "-w", "5", "192.0.2.2"],
                TimeSpan.FromSeconds(15), cancellationToken);
            return ping.Succeeded ? (true, "a ping crossed a bridge in a namespace of its own") : (false, $"no ping crossed a bridge in a namespace of its own ({ping.FirstErrorLine})");
        }
        catch (CommandFailedException failure)
        {
            return (false, $"cannot build the probe's bridge: {failure.Message}");
        }
        finally
        {
            // The probe's namespaces go at once; the ledger still names them should this fail.
            foreach (var netns in namespaces)
            {
                if (await IpRoute.NamespaceExistsAsync(netns, CancellationToken.None))
                {
                    await IpRoute.DeleteNamespaceAsync(netns, CancellationToken.None);
                }
            }
        }
    }

    [GeneratedRegex(@"^-P FORWARD (\S+)", RegexOptions.Multiline)]
    private static partial Regex PolicyLine();
}
