using Testbed.Overlay.Control;
using Testbed.Overlay.DataPlane;

namespace Testbed.Overlay.Tests.Control;

public sealed class ControlWarmUpTests
{
    /// <summary>
    /// The warm-up runs every operation on a router that has no TUN or socket, named by a
    /// configuration whose interfaces and socket do not exist: it succeeds only if it needs
    /// none of them and the table accepts every step.
    /// </summary>
    [Fact]
    public async Task Every_operation_runs_on_a_scratch_router_that_touches_nothing()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"warm-up-{Guid.NewGuid():N}.sock");
        var configuration = new RouterConfiguration
        {
            Name = "dc1",
            UnderlayAddress = "198.51.100.1",
            ServicePrefix = "10.0.0.0/24",
            LanInterface = "no-such-lan",
            TunName = "no-such-tun",
            ControlSocket = socket,
            Peers = [new PeerRouter("dc2", "198.51.100.2")],
        };

        await ControlWarmUp.RunAsync(configuration);

        Assert.False(File.Exists(socket));
    }
}
