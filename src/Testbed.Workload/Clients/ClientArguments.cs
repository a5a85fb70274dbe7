using System.Globalization;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;

namespace Testbed.Workload.Clients;

/// <summary>
/// The command line:
/// <c>--group NAME --service-address IPV4 --site SITE --netns NETNS|- --users N
/// --rate PER_USER_PER_SECOND --size BYTES [--persistent|--fresh] [--probe-interval-ms X]
/// [--seed N] [--ttl-ms N] [--timeout-ms N] [--port P] [--probe-port P] [--probe-protocol icmp|udp]</c>.
/// Anything wrong is a <see cref="UsageException"/> naming the first problem. The host writes
/// it with <see cref="Format"/> and testbed-client reads it with <see cref="Parse"/>: the
/// names and the way each value is written are defined here once, for both sides.
/// </summary>
public static class ClientArguments
{
    /// <summary>Requests are single lines; a line of more than a MiB is a mistake in the experiment, not a workload.</summary>
    public const int MaximumRequestSize = 1 << 20;

    /// <summary>
    /// Below this (a request every 11.6 days) a rate is a slip in the experiment, and the gaps
    /// drawn from it would overflow a TimeSpan; 0 (no requests) is allowed.
    /// </summary>
    public const double MinimumRate = 1e-6;

    /// <summary>Below this a probe stream would only spin; 0 (no probes) is allowed.</summary>
    public const double MinimumProbeIntervalMilliseconds = 0.1;

    private const string Persistent = "--persistent";
    private const string Fresh = "--fresh";

    private static readonly string[] Required = ["--group", "--service-address", "--site", "--netns", "--users", "--rate", "--size"];

    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["--probe-interval-ms"] = "5",
        ["--seed"] = "1",
        ["--ttl-ms"] = "0",
        ["--timeout-ms"] = "10000",
        ["--port"] = ServicePorts.RequestResponse.ToString(CultureInfo.InvariantCulture),
        ["--probe-port"] = ServicePorts.ProbeEcho.ToString(CultureInfo.InvariantCulture),
        ["--probe-protocol"] = ProbeProtocol.Udp.Name(),
    };

    public static ClientOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(Defaults, StringComparer.Ordinal);
        var given = new HashSet<string>(StringComparer.Ordinal);
        ConnectionMode? mode = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is Persistent or Fresh)
            {
                if (mode is not null)
                {
                    throw new UsageException($"give one of {Persistent} and {Fresh}, once");
                }

                mode = name == Persistent ? ConnectionMode.Persistent : ConnectionMode.Fresh;
                continue;
            }

            if (!Required.Contains(name) && !Defaults.ContainsKey(name))
            {
                throw new UsageException($"unknown argument \"{name}\"");
            }

            if (!given.Add(name))
            {
                throw new UsageException($"{name} given twice");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"{name} needs a value");
            }

            values[name] = args[++i];
        }

        var missing = Required.Where(name => !given.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException($"missing {string.Join(", ", missing)}");
        }

        var probeInterval = ArgumentValues.Fractional("--probe-interval-ms", values["--probe-interval-ms"], 0);
        if (probeInterval is > 0 and < MinimumProbeIntervalMilliseconds)
        {
            throw ArgumentValues.Bad("--probe-interval-ms", string.Create(CultureInfo.InvariantCulture, $"0 or at least {MinimumProbeIntervalMilliseconds}"), values["--probe-interval-ms"]);
        }

        if (!ProbeProtocols.TryParse(values["--probe-protocol"], out var probeProtocol))
        {
            throw ArgumentValues.Bad("--probe-protocol", "icmp or udp", values["--probe-protocol"]);
        }

        var rate = ArgumentValues.Fractional("--rate", values["--rate"], 0);
        if (rate is > 0 and < MinimumRate)
        {
            throw ArgumentValues.Bad("--rate", string.Create(CultureInfo.InvariantCulture, $"0 or at least {MinimumRate}"), values["--rate"]);
        }

        return new ClientOptions(
            Group: ArgumentValues.Name("--group", values["--group"]),
            ServiceAddress: ArgumentValues.Ipv4("--service-address", values["--service-address"]),
            FirstSite: new SiteLocation(ArgumentValues.Name("--site", values["--site"]), ArgumentValues.Netns("--netns", values["--netns"])),
            Users: ArgumentValues.Whole("--users", values["--users"], 0),
            RatePerUserPerSecond: rate,
            RequestSize: Math.Max(RequestLine.MinimumSize, ArgumentValues.Whole("--size", values["--size"], 1, MaximumRequestSize)),
            Mode: mode ?? ConnectionMode.Persistent,
            ProbeInterval: TimeSpan.FromMilliseconds(probeInterval),
            Seed: ArgumentValues.Whole("--seed", values["--seed"], 0),
            AddressTtl: TimeSpan.FromMilliseconds(ArgumentValues.Whole("--ttl-ms", values["--ttl-ms"], 0)),
            RequestTimeout: TimeSpan.FromMilliseconds(ArgumentValues.Whole("--timeout-ms", values["--timeout-ms"], 1)),
            Port: ArgumentValues.Whole("--port", values["--port"], 1, ushort.MaxValue),
            ProbePort: ArgumentValues.Whole("--probe-port", values["--probe-port"], 1, ushort.MaxValue),
            ProbeProtocol: probeProtocol);
    }

    /// <summary>The command line <see cref="Parse"/> reads back as <paramref name="options"/>; times go in whole milliseconds.</summary>
    public static IReadOnlyList<string> Format(ClientOptions options) =>
    [
        "--group", options.Group,
        "--service-address", options.ServiceAddress.ToString(),
        "--site", options.FirstSite.Site,
        "--netns", options.FirstSite.Netns,
        "--users", Text(options.Users),
        "--rate", Text(options.RatePerUserPerSecond),
        "--size", Text(options.RequestSize),
        options.Mode == ConnectionMode.Persistent ? Persistent : Fresh,
        "--probe-interval-ms", Text(options.ProbeInterval.TotalMilliseconds),
        "--seed", Text(options.Seed),
        "--ttl-ms", WholeMilliseconds("--ttl-ms", options.AddressTtl),
        "--timeout-ms", WholeMilliseconds("--timeout-ms", options.RequestTimeout),
        "--port", Text(options.Port),
        "--probe-port", Text(options.ProbePort),
        "--probe-protocol", options.ProbeProtocol.Name(),
    ];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The shortest text that reads back as the same double (1E-06 included).</summary>
    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string WholeMilliseconds(string name, TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerMillisecond == 0 && value.TotalMilliseconds <= int.MaxValue
            ? Text((int)value.TotalMilliseconds)
            : throw new ArgumentException($"{name}: testbed-client takes whole milliseconds up to {int.MaxValue}, not {value.TotalMilliseconds} ms", nameof(value));
}
