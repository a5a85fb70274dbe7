using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.Topology;
using Testbed.Topology.Zoo;

namespace Testbed.Cli.Commands;

/// <summary>
/// `testbed topology import FILE.graphml`: an Internet Topology Zoo network as a
/// <c>topology:</c> block to paste into an experiment, or with --skeleton a whole experiment
/// that `testbed validate` accepts. What the import decided for the network (nodes left out
/// or placed, fixed delays, the picks) goes to stderr and, as comments, into the output, so the
/// file keeps it. Needs no root and starts nothing.
/// </summary>
internal sealed class TopologyImportCommand : Command<TopologyImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<file>")]
        [Description("A GraphML file of the Internet Topology Zoo, such as experiments/topologies/Geant2011.graphml.")]
        public string File { get; init; } = "";

        [CommandOption("--data-centers <N|NAMES>")]
        [Description("How many data centers, spread by k-center over delay, or the routers to put them at, comma-separated: router names or node labels (default 2).")]
        public string? DataCenters { get; init; }

        [CommandOption("--user-sites <M|NAMES>")]
        [Description("How many user sites, spread the same way but off the data centers' routers while others are free, or the routers to put them at (default 2).")]
        public string? UserSites { get; init; }

        [CommandOption("--access-delay <MS>")]
        [Description("One-way delay of the link from each data center and user site to its router, in ms (default 1).")]
        public double? AccessDelayMs { get; init; }

        [CommandOption("--unlocated-delay <MS>")]
        [Description("One-way delay of every link between routers when no node of the network has coordinates, in ms (default 5).")]
        public double? UnlocatedDelayMs { get; init; }

        [CommandOption("--no-link-speeds")]
        [Description("Leave the file's LinkSpeed out: no link gets a bandwidth limit (for links faster than this machine can emulate).")]
        public bool NoLinkSpeeds { get; init; }

        [CommandOption("--skeleton")]
        [Description("Write a whole experiment (a service at the first data center, a user group at the first user site, follow-users) instead of the topology block.")]
        public bool Skeleton { get; init; }

        [CommandOption("--output <FILE>")]
        [Description("Write to this file instead of standard output.")]
        public string? Output { get; init; }

        public override ValidationResult Validate() =>
            (DataCenters is not null && ZooSiteChoice.Parse(DataCenters) is null) || (UserSites is not null && ZooSiteChoice.Parse(UserSites) is null)
                ? ValidationResult.Error("--data-centers and --user-sites take a count (3) or router names or node labels, comma-separated (London,Paris)")
                : ValidationResult.Success();

        /// <summary>What the user asked for; what they left out keeps the import's own default.</summary>
        public ZooImportOptions Options()
        {
            var options = new ZooImportOptions();
            return options with
            {
                DataCenters = DataCenters is null ? options.DataCenters : ZooSiteChoice.Parse(DataCenters)!,
                UserSites = UserSites is null ? options.UserSites : ZooSiteChoice.Parse(UserSites)!,
                AccessDelayMs = AccessDelayMs ?? options.AccessDelayMs,
                UnlocatedLinkDelayMs = UnlocatedDelayMs ?? options.UnlocatedLinkDelayMs,
                UseLinkSpeeds = !NoLinkSpeeds,
            };
        }
    }

    /// <summary>How long the skeleton runs: long enough for follow-users to look at the demand a few times.</summary>
    private static readonly TimeSpan SkeletonDuration = TimeSpan.FromSeconds(30);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileNameWithoutExtension(settings.File);
        ZooNetwork network;
        try
        {
            network = ZooNetworkReader.Parse(ReadGraphMl(settings.File), settings.File, fileName);
        }
        catch (ZooFormatException e)
        {
            throw new UserFacingException(e.Message);
        }

        var options = settings.Options();
        ZooImportResult result;
        try
        {
            result = ZooImport.ToTopology(network, options);
        }
        catch (ZooImportException e)
        {
            var flag = e.Option switch
            {
                nameof(ZooImportOptions.DataCenters) => " --data-centers:",
                nameof(ZooImportOptions.UserSites) => " --user-sites:",
                nameof(ZooImportOptions.AccessDelayMs) => " --access-delay:",
                nameof(ZooImportOptions.UnlocatedLinkDelayMs) => " --unlocated-delay:",
                _ => "",
            };
            throw new UserFacingException($"{settings.File}:{flag} {e.Message}");
        }

        foreach (var note in result.Notes)
        {
            Console.Error.WriteLine($"testbed: {note}");
        }

        var topology = result.Topology;
        var header = string.Join('\n', [.. Header(settings, network, options), .. result.Notes.Select(note => $"# note: {note}")]) + '\n';
        var text = header + (settings.Skeleton ? Skeleton(fileName, network, topology) : ExperimentWriter.TopologyToYaml(topology));
        if (settings.Output is { } output)
        {
            try
            {
                System.IO.File.WriteAllText(output, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserFacingException($"{output}: cannot write it: {e.Message}");
            }
        }
        else
        {
            Console.Out.Write(text);
        }

        var routerLinks = topology.Links.Count - topology.DataCenters.Count - topology.UserSites.Count;
        var written = settings.Output is { } file ? $" in {file}" : "";
        Console.Error.WriteLine($"testbed: {network.Name.Trim()}: {topology.WanRouters.Count} routers, {routerLinks} links between them, {topology.DataCenters.Count} data center(s), {topology.UserSites.Count} user site(s){written}");
        return 0;
    }

    internal static string ReadGraphMl(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserFacingException($"{path}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"{path}: cannot read it: {e.Message}");
        }
    }

    /// <summary>Where the network comes from, its license and citation, and the command that remakes this file.</summary>
    private static IEnumerable<string> Header(Settings settings, ZooNetwork network, ZooImportOptions options)
    {
        yield return $"# {network.Name.Trim()}, from the Internet Topology Zoo ({Path.GetFileName(settings.File)}), CC BY 4.0: cite Knight et al.,";
        yield return "# The Internet Topology Zoo, IEEE JSAC 29(9), 2011 (see experiments/topologies/README.md).";
        var number = (double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture);
        var skeleton = settings.Skeleton ? " --skeleton" : "";
        yield return $"# Made by: testbed topology import {Quoted(settings.File)} --data-centers {Quoted(options.DataCenters.ToString())} --user-sites {Quoted(options.UserSites.ToString())}"
            + $" --access-delay {number(options.AccessDelayMs)} --unlocated-delay {number(options.UnlocatedLinkDelayMs)}{(options.UseLinkSpeeds ? "" : " --no-link-speeds")}{skeleton}";
    }

    /// <summary>As a shell reads it back: labels have spaces ("New York") and paths may.</summary>
    private static string Quoted(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is ',' or '-' or '.' or '/' or '_') ? word : $"'{word.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    /// <summary>The smallest experiment on this topology that runs: one service, one group of users, the policy that follows them.</summary>
    private static string Skeleton(string fileName, ZooNetwork network, WanTopology topology)
    {
        var experiment = new Experiment
        {
            Name = ExperimentName(fileName),
            Description = $"{network.Name.Trim()} from the Internet Topology Zoo: one service, one group of users, follow-users. A skeleton made by testbed topology import.",
            Duration = SkeletonDuration,
            Policy = new PolicySpec(PolicyKind.FollowUsers),
            Topology = topology,

            // 2 ms is what a file that gives no service_time gets; the model's own default is none at all.
            Services = [new ServiceSpec("app", topology.DataCenters[0].Name, ServiceTime: TimeSpan.FromMilliseconds(2))],
            UserGroups = [new UserGroupSpec("users", topology.UserSites[0].Name, "app")],
        };
        var yaml = ExperimentWriter.ToYaml(experiment);

        // ToYaml's first line says testbed run resolved the file, which is not what this one is; the header above says what it is.
        return yaml.StartsWith('#') ? yaml[(yaml.IndexOf('\n') + 1)..] : yaml;
    }

    /// <summary>zoo- and the file's name in lower-case letters and digits, within the 48 characters an experiment name may have.</summary>
    private static string ExperimentName(string fileName)
    {
        var letters = new string([.. fileName.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);
        var name = "zoo-" + letters;
        return name[..Math.Min(name.Length, 48)];
    }
}
