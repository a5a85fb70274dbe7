using Testbed.Cli.Commands;
using Testbed.Topology;
using Testbed.Topology.Zoo;

namespace Testbed.Cli.Bench;

/// <summary>A Zoo network for the benches: imported with the defaults (two data centers, two user sites), without its link speeds.</summary>
internal static class ZooTopologies
{
    /// <summary>
    /// The network in <paramref name="path"/>. Its speeds are left out: the build bench times
    /// namespaces and delay calibration, and Cogent's file gives none anyway.
    /// </summary>
    public static (string Name, WanTopology Topology) Import(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            var network = ZooNetworkReader.Parse(TopologyImportCommand.ReadGraphMl(path), path, name);
            return (name, ZooImport.ToTopology(network, new ZooImportOptions { UseLinkSpeeds = false }).Topology);
        }
        catch (Exception e) when (e is ZooFormatException or ZooImportException)
        {
            throw new UserFacingException(e.Message);
        }
    }
}
