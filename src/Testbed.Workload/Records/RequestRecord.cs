namespace Testbed.Workload.Records;

/// <summary>
/// <c>req,SCHEDULED,USER,SITE,LATENCY_US,OUTCOME,SERVED_BY</c>: one request, written when
/// its outcome is known. <see cref="ClientRecord.UnixMicroseconds"/> is when the request was
/// <em>scheduled</em> (its Poisson arrival), not when it went out: a late send counts as
/// latency, as the user would see it.
/// </summary>
/// <param name="User">The user's index in the group, from 0.</param>
/// <param name="Site">The site the request was sent from.</param>
/// <param name="LatencyMicroseconds">From the scheduled time to the answer; empty on the line (null) unless <paramref name="Outcome"/> is ok.</param>
/// <param name="ServedBy">The VM that answered (its reply's served-by); empty on the line (null) unless ok.</param>
public sealed record RequestRecord(long UnixMicroseconds, int User, string Site, long? LatencyMicroseconds, RequestOutcome Outcome, string? ServedBy)
    : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "req";

    public override string ToLine() =>
        $"{Kind},{RecordText.Number(UnixMicroseconds)},{RecordText.Number(User)},{Site},{RecordText.OptionalNumber(LatencyMicroseconds)},{RecordText.Word(Outcome)},{ServedBy}";

    internal static RequestRecord? FromFields(string[] fields, long time)
    {
        if (fields.Length != 7
            || !RecordText.TryCount(fields[2], out var user)
            || !RecordText.TryName(fields[3], out var site)
            || !RecordText.TryOptionalDuration(fields[4], out var latency)
            || !RecordText.TryOutcome(fields[5], out var outcome))
        {
            return null;
        }

        string? servedBy = null;
        if (fields[6].Length > 0 && !RecordText.TryName(fields[6], out servedBy))
        {
            return null;
        }

        return new RequestRecord(time, user, site, latency, outcome, servedBy);
    }
}
