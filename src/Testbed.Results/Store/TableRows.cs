namespace Testbed.Results.Store;

/// <summary>
/// Rows for one table, in its column order. <see cref="Json"/> names the columns that hold
/// JSON text; <see cref="Bulk"/> marks the big tables (requests, probes) that go through
/// PostgreSQL's binary COPY. Instants are <see cref="DateTimeOffset"/>s, bound per dialect.
/// </summary>
public sealed record TableRows(string Table, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Bulk = false)
{
    public IReadOnlySet<string> Json { get; init; } = new HashSet<string>();
}
