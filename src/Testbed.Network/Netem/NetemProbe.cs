using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;

namespace Testbed.Network.Netem;

/// <summary>
/// Whether the kernel has netem, found by creating a netem qdisc on a veth inside a scratch
/// namespace. Loading the module is tried first; a kernel built without it (our CI) still fails.
/// </summary>
public static class NetemProbe
{
    public static async Task<(bool Works, string Detail)> RunAsync(RunDirectory run, CancellationToken cancellationToken = default)
    {
        var netns = $"tb-{Guid.NewGuid():N}"[..11] + "-netem";
        await run.CreateNamespaceAsync(netns, cancellationToken);
        run.Record(new LabResource(LabResourceKind.Link, "tbnetem0", netns));
        await IpRoute.AddVethPairAsync("tbnetem0", "tbnetem1", netns, cancellationToken);
        await IpRoute.SetUpAsync("tbnetem0", netns, cancellationToken);

        try
        {
            if (ProgramLocator.Find("modprobe") is not null)
            {
                await CommandRunner.RunAsync("modprobe", ["-q", "sch_netem"], TimeSpan.FromSeconds(10), cancellationToken);
            }

            var result = await CommandRunner.RunAsync(
                "tc", ["-netns", netns, "qdisc", "add", "dev", "tbnetem0", "root", "netem", "delay", "10ms"],
                TimeSpan.FromSeconds(10),
                cancellationToken);
            return result.Succeeded
                ? (true, "netem qdisc created")
                : (false, $"tc: {result.FirstErrorLine}");
        }
        finally
        {
            // The probe's namespace goes at once; the ledger still names it should this fail.
            await IpRoute.DeleteNamespaceAsync(netns, CancellationToken.None);
        }
    }
}
