namespace Testbed.Results.Records;

/// <summary>One request a user sent: when it was due (seconds on the run's clock), how long its answer took from then, and how it ended.</summary>
public sealed record RequestRow(double TimeS, string Group, int User, string Site, double? LatencyMs, string Outcome, string? ServedBy)
{
    public const string Ok = "ok";

    public bool Succeeded => Outcome == Ok;
}
