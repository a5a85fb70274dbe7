using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Testbed.Lab.Machine;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Network.Emulation;
using Testbed.Network.Netem;
using Testbed.Qemu.Image;
using Testbed.TestSupport;
using Xunit.Abstractions;

namespace Testbed.Network.Tests.Netem;

/// <summary>
/// The netem path run for real. Our hosts' kernels have no sch_netem, the guest kernel has
/// it as a module: so a TCG guest of that kernel runs the exact lines <see cref="NetemCommands"/>
/// builds, through this machine's own tc as `tc -n NETNS -batch -` (as WanNetwork runs them),
/// on a veth between two namespaces, and measures the link after each change with ping and
/// iperf3. Every expected figure is worked out from the shape the phase set. The guest's own
/// timing (TCG) adds a little to every round trip, so the bounds allow for it.
/// </summary>
public sealed partial class NetemInGuestTests(ITestOutputHelper output) : ScratchRootTest
{
    private const string AddressB = "192.0.2.2";

    /// <summary>What TCG adds to a round trip across the guest's veth, generously: measured at about a millisecond.</summary>
    private const double GuestOverheadMs = 4;

    private static readonly LinkShape Delay = new(10);
    private static readonly LinkShape Jitter = new(25, JitterMs: 5);
    private static readonly LinkShape Lossy = new(10, LossPercent: 30);
    private static readonly LinkShape Down = new(10, Up: false);

    // 20 Mbit/s over 50 ms each way with a queue of only 10: a netem limit of 10 would hold
    // 10 packets in flight, about 10 x 1448 bytes per 100 ms round trip, 1.2 Mbit/s for TCP;
    // the limit with the frames in flight (NetemCommands.Limit) lets TCP fill the rate.
    private static readonly LinkShape LongFat = new(50, BandwidthMbps: 20, QueuePackets: 10);
    private static readonly LinkShape Slow = new(10, BandwidthMbps: 5);

    [Fact]
    public async Task On_a_kernel_with_netem_the_commands_delay_jitter_in_order_drop_cut_rate_limit_and_change_a_link_as_its_shape_says()
    {
        var kernel = GuestKernel.Find() ?? throw new InvalidOperationException($"no guest kernel: run 'sudo testbed/provision.sh' ({GuestKernel.Package})");
        var programs = (string[])["tc", "ip", "ss", "ping", "iperf3"];
        var image = await ScriptImageBuilder.BuildAsync(kernel, Script(),
            [.. programs.Select(p => new FileInfo(ProgramLocator.Find(p) ?? throw CommandRunner.Missing(p)).ResolveLinkTarget(true)?.FullName ?? ProgramLocator.Find(p)!)],
            ["sch_netem", "veth"], Path.Combine(Scratch.Path, "netem-image"));
        var run = RunDirectory.Create(Scratch.Root, "netem-guest");
        int status;
        IReadOnlyList<string> console;
        try
        {
            (status, console) = await ScriptGuest.RunAsync(run, image, memoryMib: 256, TimeSpan.FromMinutes(5));
        }
        finally
        {
            await run.DisposeAsync();
        }

        Assert.True(status == 0, $"the guest's script failed with {status}: a tc line was refused, or a program failed; it printed:\n{string.Join('\n', console.TakeLast(40))}");
        var phases = Phases(console);

        // Both ends shape what they send, so a round trip crosses the delay twice.
        AssertRoundTrip("delay", phases["delay"], 2 * Delay.DelayMs);

        // Uniform jitter of ±5 ms each way leaves the median at twice the delay, and netem
        // with a rate keeps the order: a 2 Mbit/s UDP flow (a datagram every ~6 ms, less than
        // the 10 ms the jitter spans) arrives with none out of order.
        AssertRoundTrip("jitter", phases["jitter"], 2 * Jitter.DelayMs, below: 2 * Jitter.JitterMs);
        var flow = JsonDocument.Parse(Json(phases["jitter-flow"])).RootElement.GetProperty("end").GetProperty("streams")[0].GetProperty("udp");
        output.WriteLine($"jitter-flow: {flow.GetProperty("packets").GetInt64()} datagrams, {flow.GetProperty("out_of_order").GetInt64()} out of order");
        Assert.True(flow.GetProperty("packets").GetInt64() > 100, flow.ToString());
        Assert.Equal(0, flow.GetProperty("out_of_order").GetInt64());

        // 30% loss each way: an echo comes back with probability 0.7 x 0.7 = 0.49, so about 98
        // of 200 (a standard deviation of about 7); 60 to 140 cannot fail by chance.
        var answered = RoundTrips(phases["loss"]).Count;
        output.WriteLine($"loss: {answered} of 200 echoes answered, 98 expected");
        Assert.InRange(answered, 60, 140);

        // A link that is down loses everything.
        Assert.Empty(RoundTrips(phases["down"]));

        // TCP fills a long fat link: the rate, not the queue, limits it.
        AssertThroughput("long-fat", phases["long-fat"], LongFat.BandwidthMbps!.Value);
        AssertRoundTrip("long-fat-idle", phases["long-fat-idle"], 2 * LongFat.DelayMs);

        // And a change of rate takes effect.
        AssertThroughput("slow", phases["slow"], Slow.BandwidthMbps!.Value);
    }

    /// <summary>The guest's check: two namespaces, a veth, and per phase the netem lines of a shape on both ends, then a measurement.</summary>
    private static string Script()
    {
        var script = new StringBuilder("""
            set -e
            ip netns add a
            ip netns add b
            ip link add va netns a type veth peer name vb netns b
            ip -n a addr add 192.0.2.1/24 dev va
            ip -n b addr add 192.0.2.2/24 dev vb
            for ns in a b; do ip -n $ns link set lo up; done
            ip -n a link set va up
            ip -n b link set vb up
            ping_b() { ip netns exec a ping -n -q -c 1 -w 5 192.0.2.2 >/dev/null; ip netns exec a ping -n -c "$1" -i "$2" -W 1 192.0.2.2 || true; }
            serve() {
              ip netns exec b iperf3 -s -1 -J > /tmp/server.json &
              until ip netns exec b ss -Hltn 'sport = :5201' | grep -q .; do sleep 0.05; done
            }

            """);
        void Shape(string phase, LinkShape shape, bool add = false)
        {
            Func<string, LinkShape, string> command = add ? NetemCommands.Add : NetemCommands.Change;
            script.Append(CultureInfo.InvariantCulture, $"echo '== {phase}'\n")
                .Append(CultureInfo.InvariantCulture, $"tc -n a -batch - <<'LINES'\n{command("va", shape)}\nLINES\n")
                .Append(CultureInfo.InvariantCulture, $"tc -n b -batch - <<'LINES'\n{command("vb", shape)}\nLINES\n");
        }

        void Measure(string phase, string commands) =>
            script.Append(CultureInfo.InvariantCulture, $"echo '== {phase}'\n{commands}\n");

        Shape("delay", Delay, add: true);
        Measure("delay", "ping_b 20 0.02");
        Shape("jitter", Jitter);
        Measure("jitter", "ping_b 30 0.02");
        Measure("jitter-flow", $"serve; ip netns exec a iperf3 -c {AddressB} -u -b 2M -t 2 > /dev/null; wait; echo '== json'; cat /tmp/server.json; echo '== end'");
        Shape("loss", Lossy);
        Measure("loss", "ip netns exec a ping -n -c 200 -i 0.01 -W 1 192.0.2.2 || true");
        Shape("down", Down);
        Measure("down", "ip netns exec a ping -n -c 10 -i 0.05 -W 1 192.0.2.2 || true");
        Shape("long-fat", LongFat);
        Measure("long-fat", $"serve; ip netns exec a iperf3 -c {AddressB} -t 4 -O 1 -J > /tmp/client.json; wait; echo '== json'; cat /tmp/client.json; echo '== end'");
        Measure("long-fat-idle", "ping_b 10 0.05");
        Shape("slow", Slow);
        Measure("slow", $"serve; ip netns exec a iperf3 -c {AddressB} -t 3 -O 1 -J > /tmp/client.json; wait; echo '== json'; cat /tmp/client.json; echo '== end'");
        return script.ToString();
    }

    /// <summary>The console cut at the "== phase" lines the script prints (a phase's shaping and its measurement share its name).</summary>
    private static Dictionary<string, List<string>> Phases(IReadOnlyList<string> console)
    {
        var phases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        var inJson = false;
        foreach (var line in console)
        {
            if (line == "== json" || line == "== end")
            {
                inJson = line == "== json";
                current?.Add(line);
            }
            else if (!inJson && line.StartsWith("== ", StringComparison.Ordinal))
            {
                var name = line[3..];
                current = phases.TryGetValue(name, out var existing) ? existing : phases[name] = [];
            }
            else
            {
                current?.Add(line);
            }
        }

        return phases;
    }

    private static List<double> RoundTrips(List<string> lines) =>
        [.. lines.Select(l => RoundTripPattern().Match(l)).Where(m => m.Success).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    private void AssertRoundTrip(string phase, List<string> lines, double expectedMs, double below = 0)
    {
        var rtts = RoundTrips(lines).Order().ToList();
        Assert.True(rtts.Count >= 5, $"{rtts.Count} echoes came back:\n{string.Join('\n', lines)}");
        var median = rtts[rtts.Count / 2];
        output.WriteLine($"{phase}: median round trip {median:0.000} ms of {rtts.Count} echoes, configured {expectedMs} ms");
        Assert.InRange(median, expectedMs - below - 0.5, expectedMs + GuestOverheadMs);
    }

    private static string Json(List<string> lines)
    {
        var start = lines.IndexOf("== json");
        var end = lines.IndexOf("== end");
        Assert.True(start >= 0 && end > start, $"no iperf3 report:\n{string.Join('\n', lines)}");
        return string.Join('\n', lines.Skip(start + 1).Take(end - start - 1));
    }

    /// <summary>TCP's goodput is about 95% of the rate on the wire (headers); within 80 to 102% of it, the rate limits.</summary>
    private void AssertThroughput(string phase, List<string> lines, double rateMbps)
    {
        var received = JsonDocument.Parse(Json(lines)).RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
        output.WriteLine($"{phase}: TCP received {received:0.000} Mbit/s, configured {rateMbps} Mbit/s");
        Assert.InRange(received, 0.8 * rateMbps, 1.02 * rateMbps);
    }

    [GeneratedRegex(@"time=([0-9.]+) ms")]
    private static partial Regex RoundTripPattern();
}
