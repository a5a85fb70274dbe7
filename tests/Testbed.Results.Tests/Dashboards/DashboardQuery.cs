namespace Testbed.Results.Tests.Dashboards;

/// <summary>
/// One SQL query of a provisioned dashboard: a panel's target, an annotation or a template
/// variable. <see cref="Key"/> names it as the expectations do: "uid/panel title/refId",
/// "uid/annotation/name" or "uid/variable/name"; <see cref="Shape"/> is the panel's type, or
/// "annotation" or "variable".
/// </summary>
public sealed record DashboardQuery(string Dashboard, string Key, string Shape, string Format, string Sql, string? DatasourceUid)
{
    public override string ToString() => Key;
}
