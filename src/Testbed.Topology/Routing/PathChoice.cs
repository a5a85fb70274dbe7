namespace Testbed.Topology.Routing;

/// <summary>The best way from one node to another: total one-way delay, hops, and the first link taken.</summary>
public sealed record PathChoice(string From, string To, double DelayMs, int Hops, int FirstLinkIndex, string NextHop);
