using Testbed.Results.Comparison;

namespace Testbed.Cli.Bench;

/// <summary>
/// One figure of one timeline phase over the runs of `bench harness`: the CPU, in % of one
/// core, of the harness (every process but the guests), of the guests, of the host's idle
/// time, or of one role, as each run's summary.json gives it; its mean and 95% interval.
/// </summary>
internal sealed record HarnessBenchRow(string Phase, string Figure, Estimate CorePct, double MinCorePct, double MaxCorePct);
