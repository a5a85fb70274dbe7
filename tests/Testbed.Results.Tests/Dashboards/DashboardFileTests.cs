using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Testbed.Results.Tests.Dashboards;

/// <summary>The provisioning files as Grafana will load them: one datasource, and dashboards that use only it.</summary>
public sealed class DashboardFileTests
{
    [Fact]
    public void There_are_the_four_dashboards_each_with_its_own_uid()
    {
        var dashboards = ProvisionedDashboards.Files.Select(ProvisionedDashboards.Load).ToList();

        Assert.Equal(
            ["testbed-comparison", "testbed-live", "testbed-migrations", "testbed-run"],
            dashboards.Select(d => (string)d["uid"]!).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["Testbed: comparison", "Testbed: live run", "Testbed: migrations", "Testbed: one run"],
            dashboards.Select(d => (string)d["title"]!).Order(StringComparer.Ordinal));
        Assert.All(dashboards, d => Assert.Equal(
            Enumerable.Range(1, ProvisionedDashboards.Panels(d).Count()), ProvisionedDashboards.Panels(d).Select(p => (int)p["id"]!).Order()));
    }

    [Fact]
    public void The_live_view_refreshes_itself_every_second_over_the_last_minutes_and_finds_new_runs_as_time_moves()
    {
        var live = ProvisionedDashboards.Files.Select(ProvisionedDashboards.Load).Single(d => (string?)d["uid"] == "testbed-live");

        Assert.Equal("1s", (string?)live["refresh"]);
        Assert.Equal("now", (string?)live["time"]!["to"]);
        Assert.StartsWith("now-", (string?)live["time"]!["from"], StringComparison.Ordinal);

        // Grafana's "on time range change": the list of runs is read again at every refresh, so a run that just started is in it.
        Assert.Equal(2, (int?)live["templating"]!["list"]![0]!["refresh"]);
    }

    [Fact]
    public void Every_panel_target_annotation_and_variable_reads_the_testbed_datasource_only()
    {
        foreach (var file in ProvisionedDashboards.Files)
        {
            var dashboard = ProvisionedDashboards.Load(file);

            // Any datasource reference anywhere in the file, other than Grafana's own built-in annotations.
            var references = Descendants(dashboard).OfType<JsonObject>().Where(o => o["datasource"] is not null).Select(o => o["datasource"]!)
                .Where(d => ProvisionedDashboards.Uid(d) != "-- Grafana --").ToList();
            Assert.NotEmpty(references);
            Assert.All(references, d =>
            {
                Assert.Equal(ProvisionedDashboards.DatasourceUid, ProvisionedDashboards.Uid(d));
                Assert.Equal("grafana-postgresql-datasource", (string?)d["type"]);
            });
            Assert.All(ProvisionedDashboards.Panels(dashboard), p => Assert.NotEmpty(p["targets"]!.AsArray()));
        }

        var queries = ProvisionedDashboards.Queries();
        Assert.All(queries, q => Assert.Equal(ProvisionedDashboards.DatasourceUid, q.DatasourceUid));
        Assert.All(queries, q => Assert.Contains(q.Format, (string[])["table", "time_series"]));
    }

    [Fact]
    public void The_datasource_file_defines_exactly_that_datasource_from_the_stacks_environment()
    {
        var datasources = (YamlSequenceNode)Yaml("datasources", "testbed.yaml").Children[new YamlScalarNode("datasources")];

        var datasource = (YamlMappingNode)Assert.Single(datasources.Children);
        Assert.Equal(ProvisionedDashboards.DatasourceUid, Scalar(datasource, "uid"));
        Assert.Equal("grafana-postgresql-datasource", Scalar(datasource, "type"));
        Assert.Equal("${TESTBED_DB_HOST}:${TESTBED_DB_PORT}", Scalar(datasource, "url"));
        Assert.Equal("${TESTBED_DB_USER}", Scalar(datasource, "user"));
        Assert.Equal("${TESTBED_DB_NAME}", Scalar((YamlMappingNode)datasource.Children[new YamlScalarNode("jsonData")], "database"));
        Assert.Equal("${TESTBED_DB_PASSWORD}", Scalar((YamlMappingNode)datasource.Children[new YamlScalarNode("secureJsonData")], "password"));
    }

    [Fact]
    public void The_dashboard_provider_reads_the_folder_the_stack_mounts()
    {
        var providers = (YamlSequenceNode)Yaml("dashboards", "testbed.yaml").Children[new YamlScalarNode("providers")];

        var provider = (YamlMappingNode)Assert.Single(providers.Children);
        Assert.Equal("file", Scalar(provider, "type"));
        Assert.Equal("/etc/grafana/provisioning/dashboards", Scalar((YamlMappingNode)provider.Children[new YamlScalarNode("options")], "path"));
    }

    private static YamlMappingNode Yaml(params string[] path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine([ProvisionedDashboards.Root, .. path]));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value;

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => [o, .. o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants)],
        JsonArray a => [a, .. a.OfType<JsonNode>().SelectMany(Descendants)],
        _ => [node],
    };
}
