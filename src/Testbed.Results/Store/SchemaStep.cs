namespace Testbed.Results.Store;

/// <summary>
/// One step of the results schema: the version it brings the database to, what it does, and
/// its SQL for a dialect (the same text for both, but for the type names, unless a step says otherwise).
/// </summary>
public sealed record SchemaStep(int Version, string Description, Func<SqlDialect, string> Sql);
