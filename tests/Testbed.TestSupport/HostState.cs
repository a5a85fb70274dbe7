using Testbed.Lab.Linux;
using Testbed.Lab.Processes;

namespace Testbed.TestSupport;

/// <summary>What is really on the machine, asked of the kernel, for assertions.</summary>
public static class HostState
{
    public static Task<bool> NamespaceExistsAsync(string name) => IpRoute.NamespaceExistsAsync(name);

    public static Task<bool> LinkExistsAsync(string name, string? netns = null) => IpRoute.LinkExistsAsync(name, netns);

    /// <summary>True while that very process (pid and start time) runs; false once it has exited or is a zombie.</summary>
    public static bool IsRunning(ProcessIdentity process) => process.IsAlive;

    /// <summary>The name of the named namespace a process is in (ip netns identify), or "" when it is in none.</summary>
    public static async Task<string> NamespaceOfAsync(int pid) =>
        (await CommandRunner.RunCheckedAsync("ip", ["netns", "identify", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])).StandardOutput.Trim();
}
