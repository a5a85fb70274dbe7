using System.Globalization;
using Testbed.Results.Files;
using Testbed.Results.Records;

namespace Testbed.Results.Store;

/// <summary>
/// The results files the database imports, by table, and what each file's column is called
/// there: its own name, except where SQL reserves the word or the table already used it.
/// </summary>
public static class DatabaseColumns
{
    /// <summary>Each imported file's table and the columns its map defines.</summary>
    public static IReadOnlyList<(string Table, IReadOnlyList<RowColumn> Columns)> ImportedFiles { get; } =
    [
        ("requests", RequestRowMap.Instance.Columns),
        ("probes", ProbeRowMap.Instance.Columns),
        ("migrations", MigrationRowMap.Instance.Columns),
        ("replications", ReplicationRowMap.Instance.Columns),
        ("calibration", CalibrationRowMap.Instance.Columns),
        ("guest_calibration", GuestCalibrationRowMap.Instance.Columns),
        ("paths", PathRowMap.Instance.Columns),
    ];

    public static string NameOf(string table, string column) => (table, column) switch
    {
        (_, "group") => "group_name",
        (_, "user") => "user_index",
        (_, "from") => "from_dc",
        (_, "to") => "to_dc",

        // The table's "link" is the link's name, which reports show; the file's is its index.
        ("calibration", "link") => "link_index",
        _ => column,
    };

    /// <summary>
    /// A file's rows as its table's rows: run_id, ordinal, the map's columns, and the table's
    /// own columns (<paramref name="ownColumns"/>), which may also stand in for a map column of
    /// the same name (a figure the summary holds in full).
    /// </summary>
    public static TableRows Table<T>(
        string table, RowMap<T> map, string runId, IReadOnlyList<T> rows, IReadOnlyList<string>? ownColumns = null, Func<T, int, object?[]>? ownValues = null, bool bulk = false)
    {
        ownColumns ??= [];
        var mapped = map.Columns.Select(c => (Column: c, Name: NameOf(table, c.Name))).Where(c => !ownColumns.Contains(c.Name)).ToList();
        return new TableRows(
            table,
            ["run_id", "ordinal", .. mapped.Select(c => c.Name), .. ownColumns],
            [.. rows.Select((row, i) => new object?[] { runId, i }.Concat(mapped.Select(c => c.Column.ValueOf(row!))).Concat(ownValues?.Invoke(row, i) ?? []).ToArray())],
            bulk);
    }

    /// <summary>
    /// A file's row back from its table's row (column name to value). The columns in
    /// <paramref name="heldInFull"/> keep the summary's full figure in the table, and come back
    /// as the file holds them, so that a stored run reads back equal to its files.
    /// </summary>
    public static T Row<T>(string table, RowMap<T> map, IReadOnlyDictionary<string, object?> stored, IReadOnlySet<string>? heldInFull = null) =>
        map.Create(c => stored.GetValueOrDefault(NameOf(table, c.Name)) switch
        {
            { } figure when heldInFull?.Contains(c.Name) == true => c.Figure(Convert.ToDouble(figure, CultureInfo.InvariantCulture)),
            var value => value,
        });
}
