using System.Globalization;
using Testbed.Results.Files;

namespace Testbed.Results.Store;

/// <summary>A results file as a table of the database: the table's name, and the file's map, which gives its columns.</summary>
public sealed class ImportedTable<T>(string name, RowMap<T> map)
{
    public string Name => name;

    public IReadOnlyList<RowColumn> Columns => map.Columns;

    /// <summary>The table's name for a column of the file: its own, except where SQL reserves the word or the table already used it.</summary>
    public string ColumnName(string column) => (name, column) switch
    {
        // A handover is between user sites, not data centers.
        ("handovers", "from") => "from_site",
        ("handovers", "to") => "to_site",
        (_, "group") => "group_name",
        (_, "user") => "user_index",
        (_, "from") => "from_dc",
        (_, "to") => "to_dc",

        // The table's "link" is the link's name, which reports show; the file's is its index.
        ("calibration", "link") => "link_index",
        _ => column,
    };

    /// <summary>
    /// A file's rows as the table's rows: run_id, ordinal, the map's columns, and the table's
    /// own columns (<paramref name="ownColumns"/>), which may also stand in for a map column of
    /// the same name (a figure the summary holds in full).
    /// </summary>
    /// <param name="firstOrdinal">The ordinal of the first row: rows written while a run goes continue those written before.</param>
    public TableRows Rows(
        string runId, IReadOnlyList<T> rows, IReadOnlyList<string>? ownColumns = null, Func<T, int, object?[]>? ownValues = null, bool bulk = false, int firstOrdinal = 0)
    {
        ownColumns ??= [];
        var mapped = map.Columns.Select(c => (Column: c, Name: ColumnName(c.Name))).Where(c => !ownColumns.Contains(c.Name)).ToList();
        return new TableRows(
            name,
            ["run_id", "ordinal", .. mapped.Select(c => c.Name), .. ownColumns],
            [.. rows.Select((row, i) => new object?[] { runId, firstOrdinal + i }.Concat(mapped.Select(c => c.Column.ValueOf(row!))).Concat(ownValues?.Invoke(row, i) ?? []).ToArray())],
            bulk);
    }

    /// <summary>
    /// A file's row back from the table's row (column name to value). The columns in
    /// <paramref name="heldInFull"/> keep the summary's full figure in the table, and come back
    /// as the file holds them, so that a stored run reads back equal to its files.
    /// </summary>
    public T Row(IReadOnlyDictionary<string, object?> stored, IReadOnlySet<string>? heldInFull = null) =>
        map.Create(c => stored.GetValueOrDefault(ColumnName(c.Name)) switch
        {
            { } figure when heldInFull?.Contains(c.Name) == true => c.Figure(Convert.ToDouble(figure, CultureInfo.InvariantCulture)),
            var value => value,
        });
}
