using Testbed.Lab.Linux;
using Testbed.Lab.Processes;

namespace Testbed.TestSupport;

/// <summary>
/// The root namespace's firewall as a stock dockerd leaves it, for the length of a test:
/// br_netfilter loaded with its iptables switches on, forwarding on, and iptables' FORWARD
/// policy DROP. The host's own state is saved first and put back on disposal. Tests of one
/// process share it: the first in saves and applies, the last out restores, so tests that
/// overlap never restore each other's "before" as the host's.
/// </summary>
public sealed class DockerLikeFirewall : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static int _holders;
    private static HostFirewallState? _saved;
    private int _disposed;

    private DockerLikeFirewall()
    {
    }

    public static async Task<DockerLikeFirewall> ApplyAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_holders == 0)
            {
                _saved = await HostFirewallState.CaptureAsync();
                await ApplyDockerSettingsAsync();
            }

            _holders++;
            return new DockerLikeFirewall();
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Gate.WaitAsync();
        try
        {
            if (--_holders == 0)
            {
                await _saved!.RestoreAsync();
                _saved = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>What dockerd does at start (libnetwork's bridge driver): the module, its switches, forwarding, and the policy.</summary>
    private static async Task ApplyDockerSettingsAsync()
    {
        if (BridgeNetfilter.CallsIptablesInRootNamespace() is null)
        {
            await CommandRunner.RunCheckedAsync("modprobe", ["br_netfilter"]);
        }

        await CommandRunner.RunCheckedAsync("sysctl", ["-q", "-w", "net.bridge.bridge-nf-call-iptables=1", "net.bridge.bridge-nf-call-ip6tables=1", "net.ipv4.ip_forward=1"]);
        await CommandRunner.RunCheckedAsync("iptables", ["-w", "-P", "FORWARD", "DROP"]);
    }
}
