using System.Text.Json;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed bench overlay` end to end, narrowed to the overlay: real routers, a real guest, a real migration.</summary>
public sealed class BenchOverlayCommandTests : ScratchRootTest
{
    [Fact]
    public async Task The_overlay_row_has_its_decomposition_and_the_run_leaves_nothing_behind()
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, "bench", "overlay", "--json", "--mechanisms", "overlay");

        Assert.True(result.Succeeded, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var forwarding = json.RootElement.GetProperty("forwarding");
        Assert.InRange(forwarding.GetProperty("throughput_ratio").GetDouble(), 0.001, 10);
        var row = Assert.Single(json.RootElement.GetProperty("mechanisms").EnumerateArray());
        Assert.Equal("overlay", row.GetProperty("mechanism").GetString());
        Assert.Equal("completed", row.GetProperty("outcome").GetString());
        Assert.True(row.GetProperty("client_downtime_ms").GetDouble() > 0);
        Assert.True(row.GetProperty("convergence_ms").GetDouble() <= row.GetProperty("client_downtime_ms").GetDouble());

        // The routers switched inside the pause: the path reached dc2 before the guest ran again.
        Assert.True(row.GetProperty("path_ready_ms").GetDouble() <= 0);
        Assert.Equal(0, row.GetProperty("broken_connections").GetInt32());
        Assert.Empty(Scratch.Root.RunDirectories());
    }
}
