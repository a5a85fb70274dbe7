using System.Globalization;
using Testbed.Experiments.Model;
using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Probing;
using YamlDotNet.Serialization;

namespace Testbed.Experiments.Files;

/// <summary>
/// Writes an experiment back as a file of the same format, every default filled in and
/// every override applied: the run's experiment.yaml, which `testbed run` can run again.
/// </summary>
public static class ExperimentWriter
{
    public static string ToYaml(Experiment experiment)
    {
        var policy = new Dictionary<string, object?> { ["kind"] = PolicyNames.Name(experiment.Policy.Kind) };
        if (experiment.Policy.CheckEvery is { } every)
        {
            policy["check_every"] = Duration(every);
        }

        if (experiment.Policy.Kind == PolicyKind.FollowUsers)
        {
            policy["hysteresis"] = Number(experiment.Policy.HysteresisPercent) + "%";
        }

        if (experiment.Policy.Kind == PolicyKind.ReplicateOnDemand)
        {
            policy["replicate_above"] = Number(experiment.Policy.ReplicateAbovePerSecond) + "/s";
            policy["drop_below"] = Number(experiment.Policy.DropBelowPerSecond) + "/s";
        }

        var document = new Dictionary<string, object?>
        {
            ["name"] = experiment.Name,
            ["description"] = experiment.Description,
            ["duration"] = Duration(experiment.Duration),
            ["seed"] = experiment.Seed,
            ["mechanism"] = experiment.Mechanism.Name(),
            ["probe_interval"] = Duration(experiment.ProbeInterval),
            ["probe"] = experiment.Probe.Name(),
            ["readdress_ttl"] = Duration(experiment.ReaddressTtl),
            ["time_compression"] = experiment.TimeCompression,
            ["policy"] = policy,
            ["topology"] = Topology(experiment.Topology),
            ["services"] = experiment.Services.Select(s => new Dictionary<string, object?>
            {
                ["name"] = s.Name,
                ["data_center"] = s.DataCenter,
                ["memory"] = $"{s.MemoryMib}MiB",
                ["vcpus"] = s.Vcpus,
                ["service_time"] = Duration(s.ServiceTime),
                ["dirty_rate"] = Number(s.DirtyMegabytesPerSecond) + "MB/s",
                ["image"] = s.Image == GuestImageKind.Tools ? "tools" : "default",
                ["migration"] = Migration(s.Migration),
            }).Select(WithoutNulls).ToList(),
            ["user_groups"] = experiment.UserGroups.Select(g => new Dictionary<string, object?>
            {
                ["name"] = g.Name,
                ["site"] = g.Mobility is null ? g.Site : null,
                ["service"] = g.Service,
                ["users"] = g.Users,
                ["request_rate"] = Number(g.RequestsPerSecondPerUser) + "/s",
                ["request_size"] = $"{g.RequestBytes}B",
                ["persistent"] = g.Persistent,
                ["mobility"] = g.Mobility?.Written,
            }).Select(WithoutNulls).ToList(),
            ["timeline"] = experiment.Timeline.Select(Event).ToList(),
        };
        return "# Resolved by testbed run: every default filled in, every command-line override applied.\n"
            + new SerializerBuilder().Build().Serialize(document);
    }

    private static Dictionary<string, object?> Topology(WanTopology topology)
    {
        static Dictionary<string, object?> Node(TopologyNode node, Dictionary<string, object?> fields)
        {
            var result = new Dictionary<string, object?> { ["name"] = node.Name };
            foreach (var (key, value) in fields)
            {
                result[key] = value;
            }

            if (node.Location is { } at)
            {
                result["location"] = new Dictionary<string, object?> { ["lat"] = at.Latitude, ["lon"] = at.Longitude };
            }

            return result;
        }

        return new Dictionary<string, object?>
        {
            ["data_centers"] = topology.DataCenters.Select(d => Node(d, new() { ["hosts"] = d.Hosts })).ToList(),
            ["wan_routers"] = topology.WanRouters.Select(r => Node(r, [])).ToList(),
            ["user_sites"] = topology.UserSites.Select(u => Node(u, [])).ToList(),
            ["links"] = topology.Links.Select(l =>
            {
                var link = new Dictionary<string, object?> { ["a"] = l.A, ["b"] = l.B };
                var p = l.Properties;
                if (p.DelayMs is { } delay)
                {
                    link["delay"] = Number(delay) + "ms";
                }

                link["jitter"] = Number(p.JitterMs) + "ms";
                link["loss"] = Number(p.LossPercent) + "%";
                if (p.BandwidthMbps is { } rate)
                {
                    link["bandwidth"] = Number(rate) + "Mbit/s";
                }

                link["queue_packets"] = p.QueuePackets;
                return link;
            }).ToList(),
        };
    }

    private static Dictionary<string, object?> Event(TimelineEvent timelineEvent)
    {
        var result = new Dictionary<string, object?> { ["at"] = Duration(timelineEvent.At) };
        switch (timelineEvent)
        {
            case MoveGroup m:
                result["move"] = new Dictionary<string, object?> { ["group"] = m.Group, ["to"] = m.To, ["over"] = Duration(m.Over) };
                break;
            case ScaleGroup s:
                result["scale"] = new Dictionary<string, object?> { ["group"] = s.Group, ["users"] = s.Users };
                break;
            case SetLink l:
                var change = new Dictionary<string, object?> { ["a"] = l.A, ["b"] = l.B };
                if (l.Change.DelayMs is { } delay)
                {
                    change["delay"] = Number(delay) + "ms";
                }

                if (l.Change.JitterMs is { } jitter)
                {
                    change["jitter"] = Number(jitter) + "ms";
                }

                if (l.Change.LossPercent is { } loss)
                {
                    change["loss"] = Number(loss) + "%";
                }

                if (l.Change.BandwidthMbps is { } rate)
                {
                    change["bandwidth"] = Number(rate) + "Mbit/s";
                }

                if (l.Change.QueuePackets is { } queue)
                {
                    change["queue_packets"] = queue;
                }

                result["set_link"] = change;
                break;
            case FailLink f:
                result["fail_link"] = new Dictionary<string, object?> { ["a"] = f.A, ["b"] = f.B };
                break;
            case RestoreLink r:
                result["restore_link"] = new Dictionary<string, object?> { ["a"] = r.A, ["b"] = r.B };
                break;
            case FailDataCenter d:
                result["fail_data_center"] = d.DataCenter;
                break;
            case MigrateService m:
                result["migrate"] = WithoutNulls(new Dictionary<string, object?> { ["service"] = m.Service, ["to"] = m.To, ["migration"] = Migration(m.Migration) });
                break;
            case ReplicateService r:
                result["replicate"] = new Dictionary<string, object?> { ["service"] = r.Service, ["to"] = r.To };
                break;
            case DropReplica d:
                result["drop_replica"] = new Dictionary<string, object?> { ["service"] = d.Service, ["at"] = d.DataCenter };
                break;
            default:
                throw new NotSupportedException($"no writer for {timelineEvent.GetType().Name}");
        }

        return result;
    }

    /// <summary>The settings a file gave, in its own words; null when it gave none.</summary>
    private static Dictionary<string, object?>? Migration(MigrationSpec? spec) => spec is null ? null : WithoutNulls(new Dictionary<string, object?>
    {
        ["downtime_limit"] = spec.DowntimeLimit is { } limit ? Duration(limit) : null,
        ["max_bandwidth"] = spec.MaxBandwidthMbps is { } mbps ? Number(mbps) + "Mbit/s" : null,
        ["multifd_channels"] = spec.MultifdChannels,
        ["postcopy"] = spec.Postcopy,
        ["xbzrle_cache"] = spec.XbzrleCacheBytes is { } cache ? $"{cache}B" : null,
        ["auto_converge"] = spec.AutoConverge,
    });

    private static Dictionary<string, object?> WithoutNulls(Dictionary<string, object?> fields) =>
        fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value);

    /// <summary>Whole seconds as "20s", anything finer in milliseconds ("1500ms", "0.25ms").</summary>
    private static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)span.TotalSeconds}s" : Number(span.TotalMilliseconds) + "ms";

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>
    /// The topology alone, as the <c>topology:</c> block of an experiment file, written as
    /// <see cref="ToYaml"/> writes it: for a topology made elsewhere (an imported WAN) that a
    /// researcher pastes into an experiment.
    /// </summary>
    public static string TopologyToYaml(WanTopology topology) =>
        new SerializerBuilder().Build().Serialize(new Dictionary<string, object?> { ["topology"] = Topology(topology) });
}
