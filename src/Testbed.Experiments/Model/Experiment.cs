using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Probing;

namespace Testbed.Experiments.Model;

/// <summary>One experiment as a file describes it, with every default filled in and every unit converted.</summary>
public sealed record Experiment
{
    public required string Name { get; init; }

    public string Description { get; init; } = "";

    public required TimeSpan Duration { get; init; }

    public int Seed { get; init; } = 1;

    public MechanismKind Mechanism { get; init; } = MechanismKind.Overlay;

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>ICMP by default: the guest's kernel answers, so a probe costs the guest's vCPU least and no process needs waking.</summary>
    public ProbeProtocol Probe { get; init; } = ProbeProtocol.Icmp;

    /// <summary>How long clients keep a resolved address unless the file says otherwise: it matters only under readdress.</summary>
    public static readonly TimeSpan DefaultReaddressTtl = TimeSpan.FromSeconds(5);

    public TimeSpan ReaddressTtl { get; init; } = DefaultReaddressTtl;

    public PolicySpec Policy { get; init; } = new(PolicyKind.Static);

    /// <summary>
    /// Simulated seconds per second of the run, for the groups' mobility: 60 plays an hour of
    /// users' movement in a minute. Speeds, pauses, dwell times and traces are in simulated time.
    /// </summary>
    public double TimeCompression { get; init; } = 1;

    public required WanTopology Topology { get; init; }

    public required IReadOnlyList<ServiceSpec> Services { get; init; }

    public required IReadOnlyList<UserGroupSpec> UserGroups { get; init; }

    public IReadOnlyList<TimelineEvent> Timeline { get; init; } = [];
}
