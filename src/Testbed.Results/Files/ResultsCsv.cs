using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Testbed.Results.Files;

/// <summary>
/// How every results CSV is written and read: invariant numbers to <see cref="FigureFormat"/>,
/// lower-case booleans, empty for null, quotes only where a field needs them, "\n" lines.
/// Every CSV file of a run and of a comparison goes through <see cref="Writer"/>.
/// </summary>
public static class ResultsCsv
{
    /// <summary>A figure's precision in the files: three decimals, never an exponent.</summary>
    public const string FigureFormat = "0.###";

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\n",

        // A run's older files lack the columns added since; the maps say which those are.
        MissingFieldFound = null,
        BadDataFound = null,
    };

    public static CsvWriter Writer(TextWriter text)
    {
        var csv = new CsvWriter(text, Configuration);
        csv.Context.TypeConverterOptionsCache.GetOptions<double>().Formats = [FigureFormat];
        csv.Context.TypeConverterOptionsCache.GetOptions<double?>().Formats = [FigureFormat];
        return csv;
    }

    public static CsvReader Reader(TextReader text) => new(text, Configuration);

    /// <summary>
    /// The value a figure reads back as once written to <paramref name="format"/>: what the
    /// files hold. summary.json keeps a migration's full times, the CSV files these.
    /// </summary>
    public static double Figure(double value, string format = FigureFormat) =>
        double.Parse(value.ToString(format, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static double? Figure(double? value) => value is { } figure ? Figure(figure) : null;
}
