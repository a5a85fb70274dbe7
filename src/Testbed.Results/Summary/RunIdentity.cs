namespace Testbed.Results.Summary;

/// <summary>What ran and on what: the head of summary.json.</summary>
public sealed record RunIdentity(
    string Experiment, string RunId, string Mechanism, string Policy, string LinkEmulation, string Accel, int Seed, double DurationS, DateTimeOffset StartedAt)
{
    /// <summary>The users' probe interval, which is the resolution of the downtime figures; null when not known.</summary>
    public double? ProbeIntervalMs { get; init; }

    /// <summary>"icmp" or "udp": what the users' probes were; null when not known.</summary>
    public string? ProbeProtocol { get; init; }

    /// <summary>Simulated seconds per second of the run, for mobility; null when not known.</summary>
    public double? TimeCompression { get; init; }
}
