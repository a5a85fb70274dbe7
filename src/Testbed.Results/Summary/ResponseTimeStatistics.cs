namespace Testbed.Results.Summary;

/// <summary>Response times of the successful requests of one group in one phase, in ms; nulls when there were none.</summary>
public sealed record ResponseTimeStatistics(double? P50, double? P95, double? P99, double? Mean, int Count);
