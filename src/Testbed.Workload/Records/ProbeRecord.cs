namespace Testbed.Workload.Records;

/// <summary>
/// <c>probe,DUE,SITE,SEQ,RTT_US,LATE_US</c>: one UDP probe, written when its echo came back
/// or, with an empty round trip, one second after it was sent with no echo. Every probe sent
/// has exactly one record. <see cref="ClientRecord.UnixMicroseconds"/> is when it was due
/// to leave; the round trip counts from then.
/// </summary>
/// <param name="Site">The site whose probe stream sent it.</param>
/// <param name="Sequence">Counts up from 0 per site over the whole run, also across the times a site's stream stops and starts again.</param>
/// <param name="RoundTripMicroseconds">Null (empty on the line) for a probe that was lost.</param>
/// <param name="SendLateMicroseconds">How long after its due instant it left (the sender's share of the round trip); negative when early, by at most the timer's allowance.</param>
public sealed record ProbeRecord(long UnixMicroseconds, string Site, ulong Sequence, long? RoundTripMicroseconds, long SendLateMicroseconds)
    : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "probe";

    public override string ToLine() =>
        $"{Kind},{RecordText.Number(UnixMicroseconds)},{Site},{RecordText.Number(Sequence)},{RecordText.OptionalNumber(RoundTripMicroseconds)},{RecordText.Number(SendLateMicroseconds)}";

    internal static ProbeRecord? FromFields(string[] fields, long time) =>
        fields.Length == 6
        && RecordText.TryName(fields[2], out var site)
        && RecordText.TrySequence(fields[3], out var sequence)
        && RecordText.TryOptionalDuration(fields[4], out var roundTrip)
        && RecordText.TryNumber(fields[5], out var sendLate)
            ? new ProbeRecord(time, site, sequence, roundTrip, sendLate)
            : null;
}
