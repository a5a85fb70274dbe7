namespace Testbed.Results.Reporting;

/// <summary>The files a run's report adds to its results directory.</summary>
public static class ReportFileNames
{
    public const string Report = "report.md";
    public const string ResponseTime = "response-time.png";
    public const string Downtime = "downtime.png";
    public const string Calibration = "calibration.png";
    public const string Map = "map.png";
    public const string Handovers = "handovers.png";
    public const string UserResponseTime = "response-time-users.png";

    /// <summary>One CDF per user group; the group's name made safe for a file name.</summary>
    public static string ResponseTimeCdf(string group) => $"response-time-cdf-{Safe(group)}.png";

    private static string Safe(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
}
