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
}
