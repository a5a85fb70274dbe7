using System.Text.Json;
using Testbed.Overlay.DataPlane;
using Testbed.Overlay.Table;

namespace Testbed.Overlay.Control;

/// <summary>
/// Carries out every control operation once, at start, on a scratch router that has no
/// TUN, no socket and a table of its own, through the same JSON as the control socket.
/// Methods are compiled the first time they run (tiered compilation is off), and a
/// router's first commit runs inside a migration's pause: there, the first commit of a run
/// took 30 to 40 ms in the router, where a second migration's took under 10. The scratch
/// entries are hosted here and name no MAC, so nothing touches the kernel.
/// </summary>
public static class ControlWarmUp
{
    private const string ScratchService = Table.ScratchService.Address;

    /// <summary>Runs the operations; throws if one is refused, which would be a bug in the table or the controller.</summary>
    public static async Task RunAsync(RouterConfiguration configuration)
    {
        using var scratch = new SmartRouter(configuration);
        var controller = new RouterController(scratch);
        var here = new LocationEntry(ScratchService, 1, [configuration.Name]);
        const string Elsewhere = "scratch";
        ControlRequest[] requests =
        [
            new() { Op = ControlOps.Replace, Entry = here },
            new() { Op = ControlOps.Prepare, Entry = here with { Epoch = 2 } },
            new() { Op = ControlOps.Commit, Service = ScratchService, Epoch = 2 },
            new() { Op = ControlOps.AddReplica, Service = ScratchService, DataCenter = Elsewhere, Epoch = 3 },
            new() { Op = ControlOps.DropReplica, Service = ScratchService, DataCenter = Elsewhere, Epoch = 4 },
            new() { Op = ControlOps.Prepare, Entry = here with { Epoch = 5 } },
            new() { Op = ControlOps.Abort, Service = ScratchService, Epoch = 5 },
            new() { Op = ControlOps.Load, Entries = [here with { Epoch = 6 }] },
            new() { Op = ControlOps.Table },
            new() { Op = ControlOps.Counters },
            new() { Op = ControlOps.Peers },
        ];
        foreach (var sent in requests)
        {
            var request = JsonSerializer.Deserialize<ControlRequest>(JsonSerializer.Serialize(sent, ControlJson.Options), ControlJson.Options)!;
            var response = await controller.HandleAsync(request, CancellationToken.None);
            var answer = JsonSerializer.Deserialize<ControlResponse>(JsonSerializer.Serialize(response, ControlJson.Options), ControlJson.Options)!;
            if (!answer.Ok)
            {
                throw new InvalidOperationException($"the control warm-up's {request.Op} was refused: {answer.Error}");
            }
        }
    }
}
