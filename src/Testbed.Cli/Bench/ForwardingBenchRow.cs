namespace Testbed.Cli.Bench;

/// <summary>
/// The smart router beside plain kernel forwarding on the same path: throughput (iperf3
/// TCP, Mbit/s) and round trips (µs) to the same host, once through the router's TUN and
/// once routed by the kernel alone. Ratios and added latency are router minus kernel. The
/// routers' CPU is what both router processes used while iperf3 ran through the router,
/// per Gbit carried at the rate it measured over the same wall time.
/// </summary>
internal sealed record ForwardingBenchRow(
    double KernelThroughputMbps,
    double RouterThroughputMbps,
    double ThroughputRatio,
    double KernelRttP50Us,
    double KernelRttP99Us,
    double RouterRttP50Us,
    double RouterRttP99Us,
    double AddedLatencyP50Us,
    double AddedLatencyP99Us,
    double RouterCpuSecondsPerGbit);
