namespace Testbed.Workload.Records;

/// <summary>
/// <c>req,SCHEDULED,USER,SITE,LATENCY_US,OUTCOME,SERVED_BY,LATE_US</c>: one request, written
/// when its outcome is known. <see cref="ClientRecord.UnixMicroseconds"/> is when the request
/// was <em>scheduled</em> (its Poisson arrival), not when it went out: a late send counts as
/// latency, as the user would see it, and LATE_US says how much of it that was.
/// </summary>
/// <param name="User">The user's index in the group, from 0.</param>
/// <param name="Site">The site the request was sent from.</param>
/// <param name="LatencyMicroseconds">From the scheduled time to the answer; empty on the line (null) unless <paramref name="Outcome"/> is ok.</param>
/// <param name="ServedBy">The VM that answered (its reply's served-by); empty on the line (null) unless ok.</param>
/// <param name="SendLateMicroseconds">How long after its scheduled instant its first packet left (the client's share of the latency); negative when early, by at most the timer's allowance; empty on the line (null) when it never left.</param>
public sealed record RequestRecord(long UnixMicroseconds, int User, string Site, long? LatencyMicroseconds, RequestOutcome Outcome, string? ServedBy, long? SendLateMicroseconds)
    : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "req";

    public override string ToLine() =>
        $"{Kind},{RecordText.Number(UnixMicroseconds)},{RecordText.Number(User)},{Site},{RecordText.OptionalNumber(LatencyMicroseconds)},{RecordText.Word(Outcome)},{ServedBy},{RecordText.OptionalNumber(SendLateMicroseconds)}";

    internal static RequestRecord? FromFields(string[] fields, long time)
    {
        if (fields.Length != 8
            || !RecordText.TryCount(fields[2], out var user)
            || !RecordText.TryName(fields[3], out var site)
            || !RecordText.TryOptionalDuration(fields[4], out var latency)
            || !RecordText.TryOutcome(fields[5], out var outcome)
            || !RecordText.TryOptionalNumber(fields[7], out var sendLate))
        {
            return null;
        }

        string? servedBy = null;
        if (fields[6].Length > 0 && !RecordText.TryName(fields[6], out servedBy))
        {
            return null;
        }

        return new RequestRecord(time, user, site, latency, outcome, servedBy, sendLate);
    }
}
