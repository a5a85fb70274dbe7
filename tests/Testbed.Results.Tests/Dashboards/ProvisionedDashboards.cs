using System.Text.Json.Nodes;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Dashboards;

/// <summary>The Grafana provisioning files in testbed/grafana/provisioning, as the tests read them.</summary>
internal static class ProvisionedDashboards
{
    public const string DatasourceUid = "testbed-results";

    public static string Root => RepositoryRoot.Combine("testbed", "grafana", "provisioning");

    public static IReadOnlyList<string> Files => [.. Directory.GetFiles(Path.Combine(Root, "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    public static JsonObject Load(string file) => JsonNode.Parse(File.ReadAllText(file))!.AsObject();

    /// <summary>Every panel of a dashboard, with the panels nested in rows.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard) =>
        (dashboard["panels"]?.AsArray() ?? []).Select(p => p!.AsObject())
            .SelectMany(p => (IEnumerable<JsonObject>)[p, .. (p["panels"]?.AsArray() ?? []).Select(n => n!.AsObject())]);

    /// <summary>Every SQL query of every dashboard file.</summary>
    public static IReadOnlyList<DashboardQuery> Queries() => [.. Files.Select(Load).SelectMany(QueriesOf)];

    public static IEnumerable<DashboardQuery> QueriesOf(JsonObject dashboard)
    {
        var uid = (string)dashboard["uid"]!;
        foreach (var variable in (dashboard["templating"]?["list"]?.AsArray() ?? []).Select(v => v!.AsObject()).Where(v => (string?)v["type"] == "query"))
        {
            var sql = variable["query"] is JsonObject query ? (string)query["rawSql"]! : (string)variable["query"]!;
            yield return new DashboardQuery(uid, $"{uid}/variable/{variable["name"]}", "variable", "table", sql, Uid(variable["datasource"]));
        }

        foreach (var annotation in (dashboard["annotations"]?["list"]?.AsArray() ?? []).Select(a => a!.AsObject()).Where(a => a["builtIn"] is null))
        {
            var target = annotation["target"]!.AsObject();
            yield return new DashboardQuery(uid, $"{uid}/annotation/{annotation["name"]}", "annotation", (string)target["format"]!, (string)target["rawSql"]!, Uid(annotation["datasource"]));
        }

        foreach (var panel in Panels(dashboard))
        {
            foreach (var target in (panel["targets"]?.AsArray() ?? []).Select(t => t!.AsObject()))
            {
                yield return new DashboardQuery(uid, $"{uid}/{panel["title"]}/{target["refId"]}", (string)panel["type"]!, (string)target["format"]!, (string)target["rawSql"]!,
                    Uid(target["datasource"]) ?? Uid(panel["datasource"]));
            }
        }
    }

    public static string? Uid(JsonNode? datasource) => datasource is JsonObject o ? (string?)o["uid"] : null;
}
