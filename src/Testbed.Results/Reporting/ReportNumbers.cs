using System.Globalization;

namespace Testbed.Results.Reporting;

/// <summary>How the report writes figures: invariant culture, and a dash where there is none.</summary>
public static class ReportNumbers
{
    public const string None = "–";

    public static string Ms(double? value) => Format(value, "0.0");

    public static string Seconds(double? value) => Format(value, "0.###");

    public static string Fine(double? value) => Format(value, "0.###");

    public static string Whole(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? None;

    /// <summary>Bytes as megabytes of 10^6 bytes, as QEMU's counters and link rates count.</summary>
    public static string Megabytes(long? bytes) => Format(bytes / 1e6, "0.0");

    private static string Format(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? None;
}
