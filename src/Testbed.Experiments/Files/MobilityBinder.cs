using System.IO.Compression;
using System.Text.Json.Nodes;
using Testbed.Experiments.Model;
using Testbed.Mobility.Attachment;
using Testbed.Mobility.Geography;
using Testbed.Mobility.Models;
using Testbed.Mobility.Traces;
using Testbed.Topology;

namespace Testbed.Experiments.Files;

/// <summary>
/// A user group's <c>mobility:</c> block: its model and parameters, or its trace (read here,
/// relative to the experiment file, and checked at the trace's own lines), and its handover
/// rule. Every problem points at the value it is about.
/// </summary>
internal sealed class MobilityBinder(MarkedDocument document, WanTopology topology, Action<SourceLocation, string> problem)
{
    /// <summary>A trace is read whole; a bound keeps a wrong path (a disk image, say) from being read into memory.</summary>
    public const long MaxTraceBytes = 64L * 1024 * 1024;

    /// <summary>No vehicle a user rides goes faster than an airliner.</summary>
    public const double MaxSpeedKmh = 1200;

    /// <summary>Gauss-Markov keeps one point per step: more than this per user is a step too short for the run.</summary>
    public const double MaxGaussMarkovSteps = 1_000_000;

    /// <summary>The keys each model takes (besides model and handover).</summary>
    private static readonly Dictionary<string, string[]> Keys = new()
    {
        [RandomWaypointModel.ModelName] = ["area", "min_speed", "max_speed", "min_pause", "max_pause"],
        [GaussMarkovModel.ModelName] = ["area", "mean_speed", "alpha", "step", "max_speed", "speed_deviation"],
        [NomadicModel.ModelName] = ["sites", "mean_dwell", "speed"],
        [CommuterModel.ModelName] = ["homes", "works", "leave_home", "leave_work", "spread", "speed", "start_of_run"],
        [MobilitySpec.TraceModelName] = ["file", "format", "offset", "time_scale", "max_speed", "net", "box", "geo"],
    };

    private static readonly string[] FcdOnlyKeys = ["net", "box", "geo"];

    public static IReadOnlyList<string> ModelNames => [.. Keys.Keys];

    /// <summary>The block at <paramref name="path"/> (/user_groups/N/mobility), or null when it has a problem (reported).</summary>
    public MobilitySpec? Bind(JsonObject m, string path, double durationS)
    {
        var count = 0;
        void Problem(string key, string message)
        {
            count++;
            problem(key.Length == 0 ? document.ValueAt(path) : document.ValueAt($"{path}/{key}"), message);
        }

        var name = m["model"]!.GetValue<string>();
        foreach (var key in m.Select(p => p.Key).Where(k => k is not ("model" or "handover") && !Keys[name].Contains(k)))
        {
            count++;
            problem(document.KeyAt($"{path}/{key}"), $"'{key}' is not a parameter of '{name}'; it takes {string.Join(", ", Keys[name])}");
        }

        double? Speed(string key) => m[key] is { } node ? Quantities.KilometresPerHour(node.GetValue<string>()) : null;
        double? Seconds(string key) => m[key] is { } node ? Quantities.Duration(node.GetValue<string>()).TotalSeconds : null;
        double RequiredSpeed(string key)
        {
            if (Speed(key) is not { } speed)
            {
                Problem("", $"'{name}' needs '{key}'");
                return 1;
            }

            if (speed is <= 0 or > MaxSpeedKmh)
            {
                Problem(key, $"{speed:0.###} km/h: a speed is more than 0 and at most {MaxSpeedKmh} km/h");
            }

            return speed;
        }

        var handover = m["handover"] is JsonObject h
            ? new HandoverRule(
                h["hysteresis"] is { } km ? Quantities.Kilometres(km.GetValue<string>()) : 0,
                h["dwell"] is { } dwell ? Quantities.Duration(dwell.GetValue<string>()).TotalSeconds : 0)
            : HandoverRule.Nearest;

        IMobilityModel? model = null;
        TraceReplaySpec? trace = null;
        switch (name)
        {
            case RandomWaypointModel.ModelName:
                var (low, high) = (RequiredSpeed("min_speed"), RequiredSpeed("max_speed"));
                var (shortest, longest) = (Seconds("min_pause") ?? 0, Seconds("max_pause") ?? 0);
                if (low > high)
                {
                    Problem("min_speed", "min_speed is more than max_speed");
                }

                if (shortest > longest)
                {
                    Problem("min_pause", "min_pause is more than max_pause");
                }

                model = Area(m, path, Problem) is { } area ? new RandomWaypointModel(area, low, high, shortest, longest) : null;
                break;
            case GaussMarkovModel.ModelName:
                var mean = RequiredSpeed("mean_speed");
                var alpha = m["alpha"] is { } a ? JsonNumbers.Real(a) : 0.75;
                var step = Seconds("step") ?? 1;
                var max = Speed("max_speed") ?? Math.Min(2 * mean, MaxSpeedKmh);
                if (max < mean || max > MaxSpeedKmh)
                {
                    Problem("max_speed", $"{max:0.###} km/h: max_speed is at least mean_speed and at most {MaxSpeedKmh} km/h");
                }

                if (step <= 0 || durationS / step > MaxGaussMarkovSteps)
                {
                    Problem("step", $"a step of {step:0.###}s gives {durationS / Math.Max(step, 1e-9):0} steps a user over the run's {durationS:0.#} simulated seconds; at most {MaxGaussMarkovSteps:0}");
                }

                model = Area(m, path, Problem) is { } gmArea ? new GaussMarkovModel(gmArea, mean, alpha, step, Speed("speed_deviation") ?? (mean / 4), max) : null;
                break;
            case NomadicModel.ModelName:
                var places = Places(m, path, "sites", Problem, everyLocatedSite: true);
                var dwellS = Seconds("mean_dwell");
                if (dwellS is not > 0)
                {
                    Problem(dwellS is null ? "" : "mean_dwell", "'nomadic' needs a mean_dwell of more than 0s");
                }

                if (places is { Count: < 2 })
                {
                    Problem("sites", "nomads move between at least two sites with a location");
                }

                model = places is { Count: >= 2 } && dwellS > 0 ? new NomadicModel(places, dwellS.Value, m["speed"] is null ? null : RequiredSpeed("speed")) : null;
                break;
            case CommuterModel.ModelName:
                var homes = Places(m, path, "homes", Problem, everyLocatedSite: false);
                var works = Places(m, path, "works", Problem, everyLocatedSite: false);
                var (leaveHome, leaveWork) = (Seconds("leave_home") ?? (8 * 3600), Seconds("leave_work") ?? (17 * 3600));
                if (leaveHome >= leaveWork || leaveWork >= CommuterModel.DayS)
                {
                    Problem("leave_work", "a commuter leaves home before leaving work, both within the day (under 24h)");
                }

                model = homes is not null && works is not null
                    ? new CommuterModel(homes, works, leaveHome, leaveWork, Seconds("spread") ?? 1800, m["speed"] is null ? 50 : RequiredSpeed("speed"), Seconds("start_of_run") ?? (6 * 3600))
                    : null;
                break;
            case MobilitySpec.TraceModelName:
                trace = Trace(m, path, Problem);
                break;
        }

        return count > 0 || (model is null && trace is null) ? null : new MobilitySpec(model, trace, handover, Written(m));
    }

    /// <summary>The area of random waypoint and Gauss-Markov: <c>box: [south, west, north, east]</c> or <c>hull: [site, ...]</c>.</summary>
    private GeoArea? Area(JsonObject m, string path, Action<string, string> problem)
    {
        switch (m["area"])
        {
            case null:
                problem("", $"'{m["model"]}' needs an area: {{ box: [south, west, north, east] }} or {{ hull: [site, ...] }}");
                return null;
            case JsonObject { Count: 1 } a when a["box"] is JsonArray box:
                return Box(box, $"area/box", problem);
            case JsonObject { Count: 1 } a when a["hull"] is JsonArray:
                var corners = Places(a, $"{path}/area", "hull", problem, everyLocatedSite: false, key: "area/hull");
                if (corners is null)
                {
                    return null;
                }

                return ConvexHull.Of(corners.Select(c => c.Position)) is { } hull ? hull
                    : Fail<GeoArea>(problem, "area/hull", "the hull of these places has no inside: name three or more not on one line");
            default:
                problem("area", "an area is { box: [south, west, north, east] } or { hull: [site, ...] }");
                return null;
        }
    }

    private static BoundingBox? Box(JsonArray box, string key, Action<string, string> problem)
    {
        if (box.Count != 4)
        {
            return Fail<BoundingBox>(problem, key, "a box is [south, west, north, east]");
        }

        var b = new BoundingBox(JsonNumbers.Real(box[0]!), JsonNumbers.Real(box[1]!), JsonNumbers.Real(box[2]!), JsonNumbers.Real(box[3]!));
        return b.Problem() is { } message ? Fail<BoundingBox>(problem, key, message) : b;
    }

    private static T? Fail<T>(Action<string, string> problem, string key, string message)
        where T : class
    {
        problem(key, message);
        return null;
    }

    /// <summary>Named places of the topology that have a location; the key's default, when absent, is every located user site.</summary>
    private List<NamedPlace>? Places(JsonObject m, string path, string listKey, Action<string, string> problem, bool everyLocatedSite, string? key = null)
    {
        key ??= listKey;
        if (m[listKey] is not JsonArray names)
        {
            if (everyLocatedSite)
            {
                return [.. topology.UserSites.Where(s => s.Location is not null).Select(s => new NamedPlace(s.Name, s.Location!.Value))];
            }

            problem("", $"'{m["model"]}' needs '{listKey}': a list of places");
            return null;
        }

        var places = new List<NamedPlace>();
        var ok = true;
        for (var i = 0; i < names.Count; i++)
        {
            var placeName = names[i]!.GetValue<string>();
            var node = topology.Nodes.FirstOrDefault(n => n.Name == placeName);
            if (node?.Location is { } at)
            {
                places.Add(new NamedPlace(placeName, at));
                continue;
            }

            ok = false;
            problem($"{key}/{i}", node is null
                ? $"no node of the topology is named '{placeName}'"
                : $"'{placeName}' has no location; mobility needs places on the map");
        }

        return ok && places.Count > 0 ? places : ok ? Fail<List<NamedPlace>>(problem, key, "name at least one place") : null;
    }

    private TraceReplaySpec? Trace(JsonObject m, string path, Action<string, string> problem)
    {
        if (m["file"] is not { } fileNode)
        {
            problem("", "'trace' needs 'file': a CSV trace (t_s,user,lat,lon or t_s,user,site) or SUMO FCD output");
            return null;
        }

        var file = Resolve(fileNode.GetValue<string>());
        var format = m["format"]?.GetValue<string>() ?? (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "csv" : "fcd");
        var options = new TraceReplayOptions(
            m["offset"] is { } offset ? Quantities.Duration(offset.GetValue<string>()).TotalSeconds : 0,
            m["time_scale"] is { } scale ? JsonNumbers.Real(scale) : 1,
            m["max_speed"] is { } limit ? Quantities.KilometresPerHour(limit.GetValue<string>()) : null);
        if (options.TimeScale <= 0)
        {
            problem("time_scale", "a time scale is more than 0");
            return null;
        }

        if (ReadText(file, "file", problem) is not { } text)
        {
            return null;
        }

        try
        {
            if (format == "csv")
            {
                foreach (var key in FcdOnlyKeys.Where(m.ContainsKey))
                {
                    problem(key, $"'{key}' lays out SUMO's plane; a CSV trace has latitudes and longitudes or sites");
                    return null;
                }

                return new TraceReplaySpec(file, CsvTraceReader.Parse(text, file), options);
            }

            if (Projection(m, problem) is not { } projection)
            {
                return null;
            }

            return new TraceReplaySpec(file, FcdTraceReader.Parse(text, file, projection), options);
        }
        catch (TraceFormatException e)
        {
            problem("file", e.Message);
            return null;
        }
    }

    /// <summary>
    /// SUMO's plane onto the map: geo (the FCD was written with --fcd-output.geo), or the
    /// net's convBoundary laid onto a stated box. A net with a geo-reference asks for the first.
    /// </summary>
    private FcdProjection? Projection(JsonObject m, Action<string, string> problem)
    {
        if (m["geo"]?.GetValue<bool>() == true)
        {
            return m.ContainsKey("box") || m.ContainsKey("net")
                ? Fail<FcdProjection>(problem, "geo", "with geo: true SUMO wrote latitudes and longitudes: give no net or box")
                : FcdProjection.FromGeoReference;
        }

        if (m["box"] is not JsonArray boxNode || m["net"] is not { } netNode)
        {
            return Fail<FcdProjection>(problem, "", "an FCD trace needs either geo: true (written with sumo --fcd-output.geo) or its net (net: FILE.net.xml) and the box it covers (box: [south, west, north, east])");
        }

        var net = Resolve(netNode.GetValue<string>());
        if (Box(boxNode, "box", problem) is not { } box || ReadText(net, "net", problem) is not { } netText)
        {
            return null;
        }

        var (minX, minY, maxX, maxY, geo) = FcdTraceReader.NetPlane(netText, net);
        return geo
            ? Fail<FcdProjection>(problem, "net", $"{net} has a geo-reference: run sumo with --fcd-output.geo and replay with geo: true, rather than stretching its plane onto a box")
            : FcdProjection.OntoBox(minX, minY, maxX, maxY, box);
    }

    /// <summary>A file named relative to the experiment file; .gz is read through gzip, as SUMO reads its nets.</summary>
    private static string? ReadText(string file, string key, Action<string, string> problem)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxTraceBytes)
            {
                problem(key, $"{file}: {info.Length} bytes; a trace or net is at most {MaxTraceBytes / (1024 * 1024)}MiB");
                return null;
            }

            using var stream = File.OpenRead(file);
            using var reader = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new StreamReader(new GZipStream(stream, CompressionMode.Decompress))
                : new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problem(key, $"cannot read {file}: {e.Message}");
            return null;
        }
    }

    private string Resolve(string file) => Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(document.File)) ?? ".");

    /// <summary>The block as plain values, for the run's experiment.yaml; file names absolute, so it runs from anywhere.</summary>
    private Dictionary<string, object?> Written(JsonObject m) => m.ToDictionary(p => p.Key, p => p.Key is "file" or "net" ? Resolve(p.Value!.GetValue<string>()) : Plain(p.Value));

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v => JsonNumbers.Real(v),
        _ => null,
    };
}
