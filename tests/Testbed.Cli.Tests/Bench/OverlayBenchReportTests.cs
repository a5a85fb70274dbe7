using System.Text.Json;
using Testbed.Cli.Bench;

namespace Testbed.Cli.Tests.Bench;

/// <summary>`testbed bench overlay --json` keeps the keys scripts and the table rely on.</summary>
public sealed class OverlayBenchReportTests
{
    [Fact]
    public void The_report_has_the_forwarding_ratio_and_latencies_and_one_row_per_mechanism_with_its_split()
    {
        var report = new OverlayBenchReport(
            new ForwardingBenchRow(10000, 2000, 0.2, 64, 299, 107, 274, 43, -25, 0.35),
            [new MechanismBenchRow("overlay", "completed", 229, 165, 228, -187, 140, 596, 0, 0, 4)]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, JsonOutput.Options));
        var forwarding = json.RootElement.GetProperty("forwarding");
        Assert.Equal(0.2, forwarding.GetProperty("throughput_ratio").GetDouble());
        Assert.Equal(43, forwarding.GetProperty("added_latency_p50_us").GetDouble());
        Assert.Equal(-25, forwarding.GetProperty("added_latency_p99_us").GetDouble());
        Assert.Equal(0.35, forwarding.GetProperty("router_cpu_seconds_per_gbit").GetDouble());
        var row = Assert.Single(json.RootElement.GetProperty("mechanisms").EnumerateArray());
        Assert.Equal("overlay", row.GetProperty("mechanism").GetString());
        Assert.Equal(229, row.GetProperty("qemu_downtime_ms").GetInt64());
        Assert.Equal(165, row.GetProperty("restore_ms").GetDouble());
        Assert.Equal(228, row.GetProperty("convergence_ms").GetDouble());
        Assert.Equal(-187, row.GetProperty("path_ready_ms").GetDouble());
        Assert.Equal(140, row.GetProperty("guest_first_frame_ms").GetDouble());
        Assert.Equal(596, row.GetProperty("client_downtime_ms").GetDouble());
        Assert.Equal(0, row.GetProperty("one_way_delay_ms").GetDouble());
        Assert.Equal(0, row.GetProperty("broken_connections").GetInt32());
    }
}
