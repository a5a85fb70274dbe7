using System.Text.Json.Nodes;
using Testbed.Experiments.Mobility;
using Testbed.Experiments.Model;
using Testbed.Mobility.Traces;
using Testbed.Topology;
using Testbed.Topology.Routing;
using Testbed.Workload.Clients;
using Testbed.Workload.Guests;
using Testbed.Workload.Probing;

namespace Testbed.Experiments.Files;

/// <summary>
/// Turns a document the schema accepted into an <see cref="Experiment"/>, then checks what a
/// schema cannot: names that must refer to something, times inside the run, and values that
/// cannot work together. Every problem points at the value it is about.
/// </summary>
internal sealed class ExperimentBinder(MarkedDocument document)
{
    /// <summary>More than a lab machine gives one VM; a typo more often than a plan.</summary>
    public const int MaxMemoryMib = 16 * 1024;

    /// <summary>The migration stream's cap: below 1 Mbit/s a small VM takes many minutes; above 100 Gbit/s no host here carries it.</summary>
    public const double MinMigrationMbps = 1;
    public const double MaxMigrationMbps = 100_000;

    /// <summary>The pause QEMU aims for: QEMU takes up to 2000 s, but a longer aim than a minute is not live migration.</summary>
    public static readonly TimeSpan MinDowntimeLimit = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan MaxDowntimeLimit = TimeSpan.FromSeconds(60);

    /// <summary>What one testbed-client process can send, all its users together.</summary>
    public const int MaxRequestsPerSecond = 10_000;

    private static readonly string[] WrittenTopologyKeys = ["data_centers", "user_sites", "links"];

    private readonly List<ExperimentProblem> _problems = [];

    public (Experiment? Experiment, IReadOnlyList<ExperimentProblem> Problems) Bind()
    {
        var root = document.Root!.AsObject();
        if (BindTopology(root["topology"]!.AsObject()) is not { } topology)
        {
            return (null, _problems);
        }

        var duration = Quantities.Duration(root["duration"]!.GetValue<string>());
        var compression = root["time_compression"] is { } c ? JsonNumbers.Real(c) : 1;
        var mobility = new MobilityBinder(document, topology, (location, message) => _problems.Add(new ExperimentProblem(location, message)));
        var experiment = new Experiment
        {
            Name = root["name"]!.GetValue<string>(),
            Description = Text(root, "description") ?? "",
            Duration = duration,
            TimeCompression = compression,
            Seed = root["seed"] is { } seed ? (int)JsonNumbers.Whole(seed) : 1,
            Mechanism = Text(root, "mechanism") is { } mechanism ? MechanismNames.Parse(mechanism) : MechanismKind.Overlay,
            ProbeInterval = Duration(root, "probe_interval") ?? TimeSpan.FromMilliseconds(5),
            Probe = Text(root, "probe") is { } probe && ProbeProtocols.TryParse(probe, out var protocol) ? protocol : ProbeProtocol.Icmp,
            ReaddressTtl = Duration(root, "readdress_ttl") ?? Experiment.DefaultReaddressTtl,
            Policy = root["policy"] is JsonObject policy ? BindPolicy(policy) : new PolicySpec(PolicyKind.Static),
            Topology = topology,
            Services = [.. root["services"]!.AsArray().Select(s => BindService(s!.AsObject()))],
            UserGroups = [.. root["user_groups"]!.AsArray().Select((g, i) => BindGroup(g!.AsObject(), i, mobility, duration.TotalSeconds * compression))],
            Timeline = root["timeline"] is JsonArray timeline ? [.. timeline.Select((e, i) => BindEvent(e!.AsObject(), i))] : [],
        };

        CheckRun(experiment);
        CheckTopology(topology);
        CheckServices(experiment);
        CheckGroups(experiment);
        CheckTimeline(experiment);
        CheckLinkChanges(experiment);
        CheckPolicy(experiment, root["policy"] as JsonObject);
        CheckReplicas(experiment);
        return (_problems.Count == 0 ? experiment : null, _problems);
    }

    /// <summary>Replicas need a mechanism that routes each user to the nearest of several copies.</summary>
    private void CheckReplicas(Experiment experiment)
    {
        var replicas = experiment.Policy.Kind == PolicyKind.ReplicateOnDemand || experiment.Timeline.Any(e => e is ReplicateService);
        if (replicas && experiment.Mechanism is not (MechanismKind.Overlay or MechanismKind.HomeTunnel))
        {
            Problem("/mechanism", $"'{experiment.Mechanism.Name()}' reaches one copy of a service only; replicas need 'overlay' or 'home-tunnel'");
        }
    }

    private void Problem(string path, string message) => _problems.Add(new ExperimentProblem(document.ValueAt(path), message));

    private static string? Text(JsonObject obj, string key) => obj[key]?.GetValue<string>();



    private static TimeSpan? Duration(JsonObject obj, string key) => Text(obj, key) is { } text ? Quantities.Duration(text) : null;

    /// <summary>The WAN written out, or a Zoo network's; null (with the problem reported) when neither can be had.</summary>
    private WanTopology? BindTopology(JsonObject topology)
    {
        var written = topology.Select(p => p.Key).Where(k => k != "zoo").ToList();
        if (topology["zoo"] is JsonObject zoo)
        {
            foreach (var key in written)
            {
                _problems.Add(new ExperimentProblem(document.KeyAt($"/topology/{key}"), $"'{key}' comes from the Zoo network here: give either zoo or the WAN written out"));
            }

            return written.Count > 0 ? null : new ZooTopologyBinder(document, (location, message) => _problems.Add(new ExperimentProblem(location, message))).Bind(zoo);
        }

        foreach (var key in WrittenTopologyKeys.Where(k => !topology.ContainsKey(k)))
        {
            Problem("/topology", $"missing '{key}': a topology is written out (data_centers, user_sites, links) or imported (zoo)");
        }

        return WrittenTopologyKeys.All(topology.ContainsKey) ? WrittenTopology(topology) : null;
    }

    private static WanTopology WrittenTopology(JsonObject topology)
    {
        static GeoPoint? Location(JsonNode? node) => node is JsonObject l ? new GeoPoint(JsonNumbers.Real(l["lat"]!), JsonNumbers.Real(l["lon"]!)) : null;
        static IEnumerable<JsonObject> Items(JsonObject obj, string key) => obj[key] is JsonArray array ? array.Select(n => n!.AsObject()) : [];
        return new WanTopology
        {
            DataCenters = [.. Items(topology, "data_centers").Select(d => new DataCenter(d["name"]!.GetValue<string>(), d["hosts"] is { } h ? (int)JsonNumbers.Whole(h) : 1, Location(d["location"])))],
            WanRouters = [.. Items(topology, "wan_routers").Select(r => new WanRouter(r["name"]!.GetValue<string>(), Location(r["location"])))],
            UserSites = [.. Items(topology, "user_sites").Select(u => new UserSite(u["name"]!.GetValue<string>(), Location(u["location"])))],
            Links = [.. Items(topology, "links").Select(l => new WanLink(l["a"]!.GetValue<string>(), l["b"]!.GetValue<string>(), new LinkProperties(
                Duration(l, "delay")?.TotalMilliseconds,
                Duration(l, "jitter")?.TotalMilliseconds ?? 0,
                Text(l, "loss") is { } loss ? Quantities.Percent(loss) : 0,
                Text(l, "bandwidth") is { } rate ? Quantities.MegabitsPerSecond(rate) : null,
                l["queue_packets"] is { } queue ? (int)JsonNumbers.Whole(queue) : LinkProperties.DefaultQueuePackets)))],
        };
    }

    private static ServiceSpec BindService(JsonObject s) => new(
        s["name"]!.GetValue<string>(),
        s["data_center"]!.GetValue<string>(),
        Text(s, "memory") is { } memory ? (int)(Quantities.Bytes(memory) / (1024 * 1024)) : 128,
        s["vcpus"] is { } vcpus ? (int)JsonNumbers.Whole(vcpus) : 1,
        Duration(s, "service_time") ?? TimeSpan.FromMilliseconds(2),
        Text(s, "dirty_rate") is { } dirty ? Quantities.MegabytesPerSecond(dirty) : 0,
        Text(s, "image") == "tools" ? GuestImageKind.Tools : GuestImageKind.Default,
        BindMigration(s["migration"]));

    private static MigrationSpec? BindMigration(JsonNode? node) => node is not JsonObject m ? null : new(
        Duration(m, "downtime_limit"),
        Text(m, "max_bandwidth") is { } rate ? Quantities.MegabitsPerSecond(rate) : null,
        m["multifd_channels"] is { } channels ? (int)JsonNumbers.Whole(channels) : null,
        m["postcopy"]?.GetValue<bool>(),
        Text(m, "xbzrle_cache") is { } cache ? Quantities.Bytes(cache) : null,
        m["auto_converge"]?.GetValue<bool>());

    private static UserGroupSpec BindGroup(JsonObject g, int index, MobilityBinder mobility, double simulatedS) => new(
        g["name"]!.GetValue<string>(),
        Text(g, "site") ?? "",
        g["service"]!.GetValue<string>(),
        g["users"] is { } users ? (int)JsonNumbers.Whole(users) : 1,
        Text(g, "request_rate") is { } rate ? Quantities.PerSecond(rate) : 10,
        Text(g, "request_size") is { } size ? Quantities.Bytes(size) : 64,
        g["persistent"]?.GetValue<bool>() ?? true,
        g["mobility"] is JsonObject m ? mobility.Bind(m, $"/user_groups/{index}/mobility", simulatedS) : null);

    private static PolicySpec BindPolicy(JsonObject p) => new(
        PolicyNames.Parse(p["kind"]!.GetValue<string>()),
        Duration(p, "check_every"),
        Text(p, "hysteresis") is { } hysteresis ? Quantities.Percent(hysteresis) : 20,
        Text(p, "replicate_above") is { } above ? Quantities.PerSecond(above) : 50,
        Text(p, "drop_below") is { } below ? Quantities.PerSecond(below) : 10);

    private static TimelineEvent BindEvent(JsonObject e, int index)
    {
        var at = Quantities.Duration(e["at"]!.GetValue<string>());
        var (action, body) = e.Single(p => p.Key != "at");
        var o = body as JsonObject;
        string S(string key) => o![key]!.GetValue<string>();
        return action switch
        {
            "move" => new MoveGroup(at, S("group"), S("to"), Duration(o!, "over") ?? TimeSpan.Zero),
            "scale" => new ScaleGroup(at, S("group"), (int)JsonNumbers.Whole(o!["users"]!)),
            "set_link" => new SetLink(at, S("a"), S("b"), new LinkChange(
                Duration(o!, "delay")?.TotalMilliseconds, Duration(o!, "jitter")?.TotalMilliseconds,
                Text(o!, "loss") is { } loss ? Quantities.Percent(loss) : null,
                Text(o!, "bandwidth") is { } rate ? Quantities.MegabitsPerSecond(rate) : null,
                o!["queue_packets"] is { } queue ? (int)JsonNumbers.Whole(queue) : null)),
            "fail_link" => new FailLink(at, S("a"), S("b")),
            "restore_link" => new RestoreLink(at, S("a"), S("b")),
            "fail_data_center" => new FailDataCenter(at, body!.GetValue<string>()),
            "migrate" => new MigrateService(at, S("service"), S("to"), BindMigration(o!["migration"])),
            "replicate" => new ReplicateService(at, S("service"), S("to")),
            "drop_replica" => new DropReplica(at, S("service"), S("at")),
            _ => throw new InvalidOperationException($"the schema let through an unknown event '{action}' at timeline[{index}]"),
        };
    }

    private void CheckRun(Experiment experiment)
    {
        if (experiment.Duration <= TimeSpan.Zero)
        {
            Problem("/duration", "a run lasts more than 0s");
        }

        if (experiment.ProbeInterval < TimeSpan.FromMilliseconds(1))
        {
            Problem("/probe_interval", $"{experiment.ProbeInterval.TotalMilliseconds}ms: probes go at most every 1ms");
        }
        else if (experiment.ProbeInterval >= experiment.Duration && experiment.Duration > TimeSpan.Zero)
        {
            Problem("/probe_interval", "the probe interval must be shorter than the run");
        }
    }

    /// <summary>The topology's own checks, their "links[2].delay_ms" paths turned into the file's keys.</summary>
    private void CheckTopology(WanTopology topology)
    {
        foreach (var problem in topology.Validate())
        {
            var segments = problem.Path.Replace("[", ".").Replace("]", "").Split('.');
            Problem("/topology/" + string.Join('/', segments.SkipLast(1).Append(LinkKey(segments[^1]))), problem.Message);
        }
    }

    private void CheckServices(Experiment experiment)
    {
        var dataCenters = experiment.Topology.DataCenters.Select(d => d.Name).ToHashSet();
        var seen = new HashSet<string>();
        for (var i = 0; i < experiment.Services.Count; i++)
        {
            var service = experiment.Services[i];
            var path = $"/services/{i}";
            if (!seen.Add(service.Name))
            {
                Problem($"{path}/name", $"'{service.Name}' is already the name of another service");
            }

            if (!dataCenters.Contains(service.DataCenter))
            {
                Problem($"{path}/data_center", NoSuch("data center", service.DataCenter, dataCenters));
            }

            var least = service.Image == GuestImageKind.Tools ? GuestMemory.ToolsMinimumMib : GuestMemory.MinimumMib;
            if (service.MemoryMib < least || service.MemoryMib > MaxMemoryMib)
            {
                Problem($"{path}/memory", $"{service.MemoryMib}MiB: a {(service.Image == GuestImageKind.Tools ? "tools" : "default")} guest needs {least}MiB to {MaxMemoryMib}MiB");
            }

            CheckMigration($"{path}/migration", service.Migration, service);
        }
    }

    /// <summary>
    /// Each migration setting in the range QEMU takes and this testbed can run, and no pair
    /// this QEMU refuses together; <paramref name="service"/>'s own settings count under an
    /// event's, since they are merged.
    /// </summary>
    private void CheckMigration(string path, MigrationSpec? spec, ServiceSpec? service, MigrationSpec? under = null)
    {
        if (spec is null)
        {
            return;
        }

        if (spec.DowntimeLimit is { } limit && (limit < MinDowntimeLimit || limit > MaxDowntimeLimit))
        {
            Problem($"{path}/downtime_limit", $"{limit.TotalMilliseconds:0.###}ms: QEMU aims for a pause of {MinDowntimeLimit.TotalMilliseconds:0}ms to {MaxDowntimeLimit.TotalSeconds:0}s");
        }

        if (spec.MaxBandwidthMbps is { } mbps && (mbps < MinMigrationMbps || mbps > MaxMigrationMbps))
        {
            Problem($"{path}/max_bandwidth", $"{mbps:0.###}Mbit/s: the migration stream's cap goes from {MinMigrationMbps}Mbit/s to {MaxMigrationMbps / 1000}Gbit/s");
        }

        if (spec.XbzrleCacheBytes is { } cache && service is not null && (cache < 4096 || cache > service.MemoryMib * 1024L * 1024))
        {
            Problem($"{path}/xbzrle_cache", $"{cache / (1024.0 * 1024):0.###}MiB: XBZRLE's cache holds from one 4KiB page to the VM's {service.MemoryMib}MiB");
        }

        var merged = spec.Over(under);
        if (merged.Postcopy == true && merged.MultifdChannels is not null)
        {
            Problem($"{path}/{(spec.Postcopy is not null ? "postcopy" : "multifd_channels")}", "QEMU cannot combine post-copy with multifd (\"Postcopy is not yet compatible with multifd\"); choose one");
        }
    }

    private void CheckGroups(Experiment experiment)
    {
        var sites = experiment.Topology.UserSites.Select(s => s.Name).ToHashSet();
        var services = experiment.Services.Select(s => s.Name).ToHashSet();
        var seen = new HashSet<string>();
        for (var i = 0; i < experiment.UserGroups.Count; i++)
        {
            var group = experiment.UserGroups[i];
            var path = $"/user_groups/{i}";
            if (!seen.Add(group.Name))
            {
                Problem($"{path}/name", $"'{group.Name}' is already the name of another user group");
            }

            var mobile = document.Root!["user_groups"]![i]!["mobility"] is not null;
            if (mobile && group.Site.Length > 0)
            {
                Problem($"{path}/site", "a group with mobility has no site: each user starts at the site nearest to where its mobility puts it");
            }
            else if (!mobile && group.Site.Length == 0)
            {
                Problem(path, "a group needs a site to start at, or a mobility that places its users");
            }
            else if (!mobile && !sites.Contains(group.Site))
            {
                Problem($"{path}/site", NoSuch("user site", group.Site, sites));
            }

            CheckMobility(experiment, group, path);

            if (!services.Contains(group.Service))
            {
                Problem($"{path}/service", NoSuch("service", group.Service, services));
            }

            if (group.RequestsPerSecondPerUser * group.Users > MaxRequestsPerSecond)
            {
                Problem($"{path}/request_rate", $"{group.Users} users at {group.RequestsPerSecondPerUser:0.##}/s is more than the {MaxRequestsPerSecond} requests/s one client can send");
            }

            if (group.RequestBytes is < 1 or > ClientArguments.MaximumRequestSize)
            {
                Problem($"{path}/request_size", $"{group.RequestBytes}B: a request is one line of 1B to {ClientArguments.MaximumRequestSize / 1024}KiB");
            }
        }
    }

    private void CheckTimeline(Experiment experiment)
    {
        var topology = experiment.Topology;
        var sites = topology.UserSites.Select(s => s.Name).ToHashSet();
        var dataCenters = topology.DataCenters.Select(d => d.Name).ToHashSet();
        var groups = experiment.UserGroups.Select(g => g.Name).ToHashSet();
        var services = experiment.Services.Select(s => s.Name).ToHashSet();
        var scripted = experiment.Policy.Kind == PolicyKind.Scripted;
        for (var i = 0; i < experiment.Timeline.Count; i++)
        {
            var e = experiment.Timeline[i];
            var path = $"/timeline/{i}";
            if (e.At > experiment.Duration)
            {
                Problem($"{path}/at", $"{e.At.TotalSeconds:0.###}s is after the run's end at {experiment.Duration.TotalSeconds:0.###}s");
            }

            void Refers(string key, string name, string kind, HashSet<string> known)
            {
                if (!known.Contains(name))
                {
                    Problem($"{path}/{key}", NoSuch(kind, name, known));
                }
            }

            void Link(string action, string a, string b)
            {
                if (topology.LinkIndex(a, b) is null)
                {
                    Problem($"{path}/{action}", $"there is no link between '{a}' and '{b}'");
                }
            }

            void Mobile(string action, string group)
            {
                var index = experiment.UserGroups.Select(g => g.Name).ToList().IndexOf(group);
                if (index >= 0 && document.Root!["user_groups"]![index]!["mobility"] is not null)
                {
                    Problem($"{path}/{action}/group", $"'{group}' moves by its mobility; '{action}' is for groups without one");
                }
            }

            void Placement(string action)
            {
                if (!scripted)
                {
                    Problem($"{path}/{action}", $"'{action}' events need policy 'scripted'; under '{PolicyNames.Name(experiment.Policy.Kind)}' the policy decides placement");
                }
            }

            switch (e)
            {
                case MoveGroup move:
                    Refers("move/group", move.Group, "user group", groups);
                    Mobile("move", move.Group);
                    Refers("move/to", move.To, "user site", sites);
                    if (move.At + move.Over > experiment.Duration)
                    {
                        Problem($"{path}/move/over", $"the move would end at {(move.At + move.Over).TotalSeconds:0.###}s, after the run's end at {experiment.Duration.TotalSeconds:0.###}s");
                    }

                    break;
                case ScaleGroup scale:
                    Refers("scale/group", scale.Group, "user group", groups);
                    Mobile("scale", scale.Group);
                    if (experiment.UserGroups.FirstOrDefault(g => g.Name == scale.Group) is { } scaled && scaled.RequestsPerSecondPerUser * scale.Users > MaxRequestsPerSecond)
                    {
                        Problem($"{path}/scale/users", $"{scale.Users} users at {scaled.RequestsPerSecondPerUser:0.##}/s is more than the {MaxRequestsPerSecond} requests/s one client can send");
                    }

                    break;
                case SetLink set:
                    Link("set_link", set.A, set.B);
                    break;
                case FailLink fail:
                    Link("fail_link", fail.A, fail.B);
                    break;
                case RestoreLink restore:
                    Link("restore_link", restore.A, restore.B);
                    break;
                case FailDataCenter dark:
                    Refers("fail_data_center", dark.DataCenter, "data center", dataCenters);
                    break;
                case MigrateService migrate:
                    Placement("migrate");
                    Refers("migrate/service", migrate.Service, "service", services);
                    Refers("migrate/to", migrate.To, "data center", dataCenters);
                    var service = experiment.Services.FirstOrDefault(s => s.Name == migrate.Service);
                    CheckMigration($"{path}/migrate/migration", migrate.Migration, service, service?.Migration);
                    break;
                case ReplicateService replicate:
                    Placement("replicate");
                    Refers("replicate/service", replicate.Service, "service", services);
                    Refers("replicate/to", replicate.To, "data center", dataCenters);
                    break;
                case DropReplica drop:
                    Placement("drop_replica");
                    Refers("drop_replica/service", drop.Service, "service", services);
                    Refers("drop_replica/at", drop.DataCenter, "data center", dataCenters);
                    break;
            }
        }
    }

    /// <summary>
    /// Each set_link leaves its link as the topology's own links must be (the same rules,
    /// <see cref="LinkProperties.Problems"/>), applied in time order to what the link was set
    /// to before; a problem points at the value the event set, or at the event when an earlier
    /// setting makes its change impossible (jitter set above a delay set before).
    /// </summary>
    private void CheckLinkChanges(Experiment experiment)
    {
        var settings = experiment.Topology.Links.Select(l => l.Properties).ToArray();
        foreach (var (set, i) in experiment.Timeline.Select((e, i) => (e as SetLink, i)).Where(e => e.Item1 is not null).OrderBy(e => e.Item1!.At))
        {
            if (experiment.Topology.LinkIndex(set!.A, set.B) is not { } link)
            {
                continue;
            }

            var now = settings[link];
            var c = set.Change;
            var next = now.Changed(c.DelayMs, c.JitterMs, c.LossPercent, c.BandwidthMbps, c.QueuePackets);
            var changed = new Dictionary<string, bool>
            {
                ["delay_ms"] = c.DelayMs is not null, ["jitter_ms"] = c.JitterMs is not null, ["loss_pct"] = c.LossPercent is not null,
                ["bandwidth_mbps"] = c.BandwidthMbps is not null, ["queue_packets"] = c.QueuePackets is not null,
            };
            var problems = next.Problems().ToList();
            foreach (var (field, message) in problems)
            {
                Problem(changed[field] ? $"/timeline/{i}/set_link/{LinkKey(field)}" : $"/timeline/{i}/set_link", message);
            }

            // A change already reported is not carried on, so that it is reported once.
            if (problems.Count == 0)
            {
                settings[link] = next;
            }
        }
    }

    /// <summary>The file's key for a field of <see cref="LinkProperties"/>: delay_ms is written 'delay'.</summary>
    private static string LinkKey(string field) => field switch
    {
        "delay_ms" => "delay",
        "jitter_ms" => "jitter",
        "loss_pct" => "loss",
        "bandwidth_mbps" => "bandwidth",
        _ => field,
    };

    private void CheckPolicy(Experiment experiment, JsonObject? policy)
    {
        if (policy is null)
        {
            return;
        }

        var applies = new Dictionary<string, PolicyKind[]>
        {
            ["check_every"] = [PolicyKind.FollowUsers, PolicyKind.ReplicateOnDemand],
            ["hysteresis"] = [PolicyKind.FollowUsers],
            ["replicate_above"] = [PolicyKind.ReplicateOnDemand],
            ["drop_below"] = [PolicyKind.ReplicateOnDemand],
        };
        foreach (var (key, kinds) in applies)
        {
            if (policy.ContainsKey(key) && !kinds.Contains(experiment.Policy.Kind))
            {
                _problems.Add(new ExperimentProblem(document.KeyAt($"/policy/{key}"),
                    $"'{key}' applies to {string.Join(" and ", kinds.Select(PolicyNames.Name))} only, not '{PolicyNames.Name(experiment.Policy.Kind)}'"));
            }
        }

        var p = experiment.Policy;
        if (p.Kind == PolicyKind.ReplicateOnDemand && p.DropBelowPerSecond >= p.ReplicateAbovePerSecond)
        {
            Problem("/policy/drop_below", $"a replica would be dropped at once: drop_below ({p.DropBelowPerSecond:0.##}/s) must be under replicate_above ({p.ReplicateAbovePerSecond:0.##}/s)");
        }

        if (p.CheckEvery is { } every && every < TimeSpan.FromMilliseconds(100))
        {
            Problem("/policy/check_every", "a policy looks at demand at most every 100ms");
        }
    }

    /// <summary>
    /// What a mobile group needs of the run: user sites on the map to attach to, and a trace
    /// that the run can replay (checked here, at the trace's lines, with the file's seed).
    /// </summary>
    private void CheckMobility(Experiment experiment, UserGroupSpec group, string path)
    {
        if (group.Mobility is not { } mobility)
        {
            return;
        }

        var located = experiment.Topology.UserSites.Where(s => s.Location is not null).ToList();
        if (located.Count == 0)
        {
            Problem($"{path}/mobility", "users attach to the nearest user site, and no user site has a location");
            return;
        }

        if (mobility.Trace is { } trace)
        {
            try
            {
                MobilityPlans.ReplayedUsers(experiment, group);
            }
            catch (TraceFormatException e)
            {
                Problem($"{path}/mobility/file", e.Message);
            }
        }
    }

    private static string NoSuch(string kind, string name, HashSet<string> known) =>
        $"no {kind} is named '{name}'" + (known.Count == 0 ? "" : $"; the {kind}s are {string.Join(", ", known)}");
}
