namespace Testbed.Cli.Bench;

/// <summary>How long a network of <see cref="Nodes"/> namespaces took to build (routes included) and to tear down.</summary>
internal sealed record BuildBenchRow(int Nodes, int Links, double BuildS, double TeardownS);
