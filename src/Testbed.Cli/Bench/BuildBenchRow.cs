namespace Testbed.Cli.Bench;

/// <summary>
/// How long a network of <see cref="Nodes"/> namespaces took to build (routes included), to
/// calibrate (every link's delay measured once, as a run's calibration does; throughput only
/// where a link has a rate) and to tear down. <see cref="Network"/> is "ring" or the Zoo network's name.
/// </summary>
internal sealed record BuildBenchRow(string Network, int Nodes, int Links, double BuildS, double CalibrateS, double TeardownS);
