using Testbed.Results.Files;

namespace Testbed.Results.Store;

/// <summary>
/// A figure as the CSV files hold it: summary.json keeps the full value of a migration's
/// times, and migrations.csv the same value to 3 decimals. The database keeps the full
/// value, and gives the files' rows back through the same rounding that wrote them.
/// </summary>
internal static class CsvFigures
{
    public static double Of(double value) => ResultsCsv.Figure(value);

    public static double? Of(double? value) => value is { } v ? Of(v) : null;
}
