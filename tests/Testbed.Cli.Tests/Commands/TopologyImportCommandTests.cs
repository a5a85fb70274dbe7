using Testbed.Experiments.Files;
using Testbed.Experiments.Model;
using Testbed.TestSupport;
using Testbed.Topology.Zoo;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed topology import` as a researcher calls it, on the shipped Internet Topology Zoo networks.</summary>
public sealed class TopologyImportCommandTests : ScratchRootTest
{
    public static TheoryData<string> Shipped => new(Directory.GetFiles(Topologies(), "*.graphml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task A_skeleton_of_each_shipped_network_is_an_experiment_the_loader_takes_with_the_imported_topology(string file)
    {
        var graphMl = Path.Combine(Topologies(), file);
        var output = Path.Combine(Scratch.Path, "skeleton.yaml");

        var result = await TestbedCommand.RunAsync(Scratch.Path, "topology", "import", graphMl, "--skeleton", "--output", output);

        Assert.Equal((0, ""), (result.ExitCode, result.StandardOutput));
        var (experiment, problems) = ExperimentLoader.Check(output);
        Assert.Empty(problems);
        var imported = ZooImport.ToTopology(ZooNetworkReader.Parse(await File.ReadAllTextAsync(graphMl), graphMl, file), new ZooImportOptions());
        Assert.Equal(imported.Topology.Nodes, experiment!.Topology.Nodes);
        Assert.Equal(imported.Topology.Links, experiment.Topology.Links);
        Assert.Equal(experiment.Topology.DataCenters[0].Name, Assert.Single(experiment.Services).DataCenter);
        Assert.Equal(experiment.Topology.UserSites[0].Name, Assert.Single(experiment.UserGroups).Site);
        Assert.Equal(PolicyKind.FollowUsers, experiment.Policy.Kind);
        var written = await File.ReadAllTextAsync(output);
        Assert.All(imported.Notes, note =>
        {
            Assert.Contains($"testbed: {note}\n", result.StandardError, StringComparison.Ordinal);
            Assert.Contains($"# note: {note}\n", written, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_topology_block_pastes_into_an_experiment_and_the_import_needs_no_root()
    {
        var abilene = Path.Combine(Topologies(), "Abilene.graphml");

        var result = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, "topology", "import", abilene, "--data-centers", "New York,Seattle", "--user-sites", "chicago");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("# Abilene, from the Internet Topology Zoo (Abilene.graphml)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"# Made by: testbed topology import {abilene} --data-centers 'New York,Seattle' --user-sites chicago --access-delay 1 --unlocated-delay 5\n", result.StandardOutput, StringComparison.Ordinal);
        var pasted = "name: pasted\nduration: 10s\n" + result.StandardOutput
            + "services: [{ name: app, data_center: seattle-dc }]\nuser_groups: [{ name: g, site: chicago-us, service: app }]\n";
        var (experiment, problems) = ExperimentLoader.CheckText("pasted.yaml", pasted);
        Assert.Empty(problems);
        Assert.Equal(["newyork-dc", "seattle-dc"], experiment!.Topology.DataCenters.Select(d => d.Name));
        Assert.Equal(["chicago-us"], experiment.Topology.UserSites.Select(u => u.Name));
        Assert.Equal("testbed: Abilene: 11 routers, 14 links between them, 2 data center(s), 1 user site(s)", result.StandardError.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task A_missing_file_a_broken_file_and_options_the_network_cannot_follow_each_fail_in_one_line()
    {
        var missing = Path.Combine(Scratch.Path, "nowhere.graphml");
        var broken = Path.Combine(Scratch.Path, "broken.graphml");
        await File.WriteAllTextAsync(broken, "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n<graph>\n<edge source=\"0\" target=\"1\" />\n</graph></graphml>\n");
        var abilene = Path.Combine(Topologies(), "Abilene.graphml");

        var notThere = await TestbedCommand.RunAsync(Scratch.Path, "topology", "import", missing);
        var notGraphMl = await TestbedCommand.RunAsync(Scratch.Path, "topology", "import", broken);
        var misspelt = await TestbedCommand.RunAsync(Scratch.Path, "topology", "import", abilene, "--data-centers", "Chicgo", "--user-sites", "12");
        var emptyName = await TestbedCommand.RunAsync(Scratch.Path, "topology", "import", abilene, "--user-sites", "Denver,");

        Assert.Equal((1, $"testbed: {missing}: no such file"), (notThere.ExitCode, ExternalCommand.OnlyLine(notThere.StandardError)));
        Assert.Equal((1, $"testbed: {broken}:3: the edge names node '0', which the file does not have"), (notGraphMl.ExitCode, ExternalCommand.OnlyLine(notGraphMl.StandardError)));
        Assert.Equal(
            (1, $"testbed: {abilene}: --data-centers: data center 'Chicgo': no router has that name or label; near it: chicago ('Chicago')"),
            (misspelt.ExitCode, ExternalCommand.OnlyLine(misspelt.StandardError)));
        Assert.Equal(2, emptyName.ExitCode);
        Assert.StartsWith("testbed: --data-centers and --user-sites take a count (3) or router names", ExternalCommand.OnlyLine(emptyName.StandardError), StringComparison.Ordinal);
        Assert.All([notThere, notGraphMl, misspelt, emptyName], result => Assert.Equal("", result.StandardOutput));
    }

    private static string Topologies() => RepositoryRoot.Combine("experiments", "topologies");
}
