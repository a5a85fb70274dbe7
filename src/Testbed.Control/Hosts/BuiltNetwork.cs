namespace Testbed.Control.Hosts;

/// <summary>What building the WAN gave: the link emulation in use ("netem" or "userspace") and the time it took.</summary>
public sealed record BuiltNetwork(string LinkEmulation, TimeSpan BuildTime);
