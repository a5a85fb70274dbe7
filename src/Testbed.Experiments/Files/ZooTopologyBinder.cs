using System.Text.Json.Nodes;
using Testbed.Topology;
using Testbed.Topology.Zoo;

namespace Testbed.Experiments.Files;

/// <summary>
/// <c>topology: { zoo: { file, data_centers, user_sites, ... } }</c>: the Internet Topology Zoo
/// network read relative to the experiment file and imported as <c>testbed topology import</c>
/// does (<see cref="ZooImport"/>), with every problem at its value in the experiment file.
/// </summary>
internal sealed class ZooTopologyBinder(MarkedDocument document, Action<SourceLocation, string> problem)
{
    /// <summary>The largest Zoo file (Kdl) is under 2 MiB; a bound keeps a wrong path from being read whole.</summary>
    public const long MaxGraphMlBytes = 16L * 1024 * 1024;

    private const string Path = "/topology/zoo";

    /// <summary>The imported topology, or null when there is a problem (reported).</summary>
    public WanTopology? Bind(JsonObject zoo)
    {
        var file = System.IO.Path.GetFullPath(zoo["file"]!.GetValue<string>(), System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(document.File)) ?? ".");
        var defaults = new ZooImportOptions();
        var options = new ZooImportOptions
        {
            DataCenters = Choice(zoo["data_centers"]) ?? defaults.DataCenters,
            UserSites = Choice(zoo["user_sites"]) ?? defaults.UserSites,
            AccessDelayMs = zoo["access_delay"] is { } access ? Quantities.Duration(access.GetValue<string>()).TotalMilliseconds : defaults.AccessDelayMs,
            UseLinkSpeeds = zoo["link_speeds"]?.GetValue<bool>() ?? defaults.UseLinkSpeeds,
            UnlocatedLinkDelayMs = zoo["unlocated_delay"] is { } unlocated ? Quantities.Duration(unlocated.GetValue<string>()).TotalMilliseconds : defaults.UnlocatedLinkDelayMs,
        };

        string text;
        try
        {
            var size = new FileInfo(file).Length;
            if (size > MaxGraphMlBytes)
            {
                problem(document.ValueAt($"{Path}/file"), $"{file}: {size} bytes; a GraphML network is at most {MaxGraphMlBytes / (1024 * 1024)}MiB");
                return null;
            }

            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem(document.ValueAt($"{Path}/file"), $"cannot read {file}: {e.Message}");
            return null;
        }

        try
        {
            return ZooImport.ToTopology(ZooNetworkReader.Parse(text, file, System.IO.Path.GetFileNameWithoutExtension(file)), options).Topology;
        }
        catch (ZooFormatException e)
        {
            problem(document.ValueAt($"{Path}/file"), e.Message);
        }
        catch (ZooImportException e)
        {
            var key = e.Option switch
            {
                nameof(ZooImportOptions.DataCenters) => "data_centers",
                nameof(ZooImportOptions.UserSites) => "user_sites",
                nameof(ZooImportOptions.AccessDelayMs) => "access_delay",
                nameof(ZooImportOptions.UnlocatedLinkDelayMs) => "unlocated_delay",
                _ => "file",
            };
            problem(document.ValueAt(zoo.ContainsKey(key) ? $"{Path}/{key}" : $"{Path}/file"), e.Message);
        }

        return null;
    }

    /// <summary>A count spreads that many; a list names the routers.</summary>
    private static ZooSiteChoice? Choice(JsonNode? node) => node switch
    {
        JsonArray names => ZooSiteChoice.Named(names.Select(n => n!.GetValue<string>())),
        JsonValue count => ZooSiteChoice.Spread((int)JsonNumbers.Whole(count)),
        _ => null,
    };
}
