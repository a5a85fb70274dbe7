using Testbed.Lab.Linux;
using Testbed.Lab.Processes;

namespace Testbed.TestSupport;

/// <summary>
/// The part of the host that a stock dockerd changes, saved so that a test can put it back:
/// the iptables rules and policies (IPv4 and IPv6), forwarding, br_netfilter's switches and
/// whether its module was loaded, and the root namespace's interfaces (dockerd leaves docker0).
/// </summary>
public sealed class HostFirewallState
{
    private static readonly string[] Sysctls =
        ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding", .. BridgeNetfilter.Switches];

    private readonly string _ipv4Rules;
    private readonly string _ipv6Rules;
    private readonly Dictionary<string, string> _sysctls;
    private readonly bool _bridgeNetfilterLoaded;
    private readonly HashSet<string> _rootLinks;

    private HostFirewallState(string ipv4Rules, string ipv6Rules, Dictionary<string, string> sysctls, bool bridgeNetfilterLoaded, HashSet<string> rootLinks)
    {
        _ipv4Rules = ipv4Rules;
        _ipv6Rules = ipv6Rules;
        _sysctls = sysctls;
        _bridgeNetfilterLoaded = bridgeNetfilterLoaded;
        _rootLinks = rootLinks;
    }

    public static async Task<HostFirewallState> CaptureAsync()
    {
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Sysctls)
        {
            var path = SysctlPath(key);
            if (File.Exists(path))
            {
                sysctls[key] = (await File.ReadAllTextAsync(path)).Trim();
            }
        }

        return new HostFirewallState(
            (await CommandRunner.RunCheckedAsync("iptables-save", [])).StandardOutput,
            (await CommandRunner.RunCheckedAsync("ip6tables-save", [])).StandardOutput,
            sysctls,
            BridgeNetfilter.CallsIptablesInRootNamespace() is not null,
            [.. await RootLinksAsync()]);
    }

    /// <summary>Puts every saved thing back, and removes root-namespace interfaces that appeared since (docker0).</summary>
    public async Task RestoreAsync()
    {
        await RestoreRulesAsync("iptables-restore", _ipv4Rules);
        await RestoreRulesAsync("ip6tables-restore", _ipv6Rules);
        foreach (var link in (await RootLinksAsync()).Where(l => !_rootLinks.Contains(l) && l.StartsWith("docker", StringComparison.Ordinal)))
        {
            await IpRoute.DeleteLinkAsync(link, null);
        }

        if (!_bridgeNetfilterLoaded && BridgeNetfilter.CallsIptablesInRootNamespace() is not null)
        {
            // A module dockerd loaded goes again; one built into the kernel stays, with its switches set back below.
            await CommandRunner.RunAsync("modprobe", ["-r", "br_netfilter"], TimeSpan.FromSeconds(10));
        }

        foreach (var (key, value) in _sysctls)
        {
            if (File.Exists(SysctlPath(key)))
            {
                await File.WriteAllTextAsync(SysctlPath(key), value);
            }
        }
    }

    /// <summary>
    /// Restores the saved tables, and empties any table that was not there (dockerd's nat):
    /// iptables-restore leaves a table it is not given as it is.
    /// </summary>
    private static async Task RestoreRulesAsync(string program, string rules)
    {
        var save = program.Replace("-restore", "-save", StringComparison.Ordinal);
        var now = (await CommandRunner.RunCheckedAsync(save, [])).StandardOutput;
        var saved = Tables(rules).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var emptied = string.Concat(Tables(now).Where(t => !saved.Contains(t.Name))
            .Select(t => $"*{t.Name}\n{string.Concat(t.BuiltInChains.Select(c => $":{c} ACCEPT [0:0]\n"))}COMMIT\n"));
        var result = await CommandRunner.RunAsync(program, [], rules + emptied, TimeSpan.FromSeconds(30));
        if (!result.Succeeded)
        {
            throw new CommandFailedException(program, result);
        }
    }

    /// <summary>The tables of an iptables-save output, each with its built-in chains (those with a policy).</summary>
    private static IEnumerable<(string Name, List<string> BuiltInChains)> Tables(string save)
    {
        (string Name, List<string> BuiltInChains)? table = null;
        foreach (var line in save.Split('\n'))
        {
            if (line.StartsWith('*'))
            {
                table = (line[1..].Trim(), []);
            }
            else if (line.StartsWith(':') && table is not null && line.Split(' ') is [var chain, var policy, ..] && policy != "-")
            {
                table.Value.BuiltInChains.Add(chain[1..]);
            }
            else if (line.Trim() == "COMMIT" && table is not null)
            {
                yield return table.Value;
                table = null;
            }
        }
    }

    private static string SysctlPath(string key) => "/proc/sys/" + key.Replace('.', '/');

    private static async Task<IReadOnlyList<string>> RootLinksAsync()
    {
        var links = await CommandRunner.RunCheckedAsync("ip", ["-o", "link", "show"]);
        return [.. links.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 3)[1].Trim().Split('@')[0])];
    }
}
