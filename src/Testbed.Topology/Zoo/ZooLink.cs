namespace Testbed.Topology.Zoo;

/// <summary>
/// One link of an Internet Topology Zoo network, between two node ids. Parallel edges of the
/// file are one link here, <see cref="Parallel"/> of them; its speed is the fastest of theirs
/// (<c>LinkSpeedRaw</c>, bits per second), null when none gives one.
/// </summary>
public sealed record ZooLink(string Source, string Target, double? SpeedBitsPerSecond, int Parallel = 1);
