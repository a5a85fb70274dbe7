using Testbed.Results.Records;

namespace Testbed.Results.Store;

/// <summary>The results files the database imports, each with its table: the one place a file is paired with its table.</summary>
public static class DatabaseColumns
{
    public static ImportedTable<RequestRow> Requests { get; } = new("requests", RequestRowMap.Instance);

    public static ImportedTable<ProbeRow> Probes { get; } = new("probes", ProbeRowMap.Instance);

    public static ImportedTable<MigrationRow> Migrations { get; } = new("migrations", MigrationRowMap.Instance);

    public static ImportedTable<ReplicationRow> Replications { get; } = new("replications", ReplicationRowMap.Instance);

    public static ImportedTable<CalibrationRow> Calibration { get; } = new("calibration", CalibrationRowMap.Instance);

    public static ImportedTable<GuestCalibrationRow> GuestCalibration { get; } = new("guest_calibration", GuestCalibrationRowMap.Instance);

    public static ImportedTable<PathRow> Paths { get; } = new("paths", PathRowMap.Instance);

    public static ImportedTable<HandoverRow> Handovers { get; } = new("handovers", HandoverRowMap.Instance);

    /// <summary>Each imported file's table and the table's names for its columns, in the file's order.</summary>
    public static IReadOnlyList<(string Table, IReadOnlyList<string> Columns)> ImportedFiles { get; } =
    [
        Of(Requests), Of(Probes), Of(Migrations), Of(Replications), Of(Calibration), Of(GuestCalibration), Of(Paths), Of(Handovers),
    ];

    private static (string, IReadOnlyList<string>) Of<T>(ImportedTable<T> table) => (table.Name, [.. table.Columns.Select(c => table.ColumnName(c.Name))]);
}
