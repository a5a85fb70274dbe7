namespace Testbed.Workload.Records;

/// <summary>
/// <c>probe,SENT,SITE,SEQ,RTT_US</c>: one UDP probe, written when its echo came back or, with
/// an empty round trip, one second after it was sent with no echo. Every probe sent has
/// exactly one record. <see cref="ClientRecord.UnixMicroseconds"/> is when it was sent.
/// </summary>
/// <param name="Site">The site whose probe stream sent it.</param>
/// <param name="Sequence">Counts up from 0 per site over the whole run, also across the times a site's stream stops and starts again.</param>
/// <param name="RoundTripMicroseconds">Null (empty on the line) for a probe that was lost.</param>
public sealed record ProbeRecord(long UnixMicroseconds, string Site, ulong Sequence, long? RoundTripMicroseconds)
    : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "probe";

    public override string ToLine() =>
        $"{Kind},{RecordText.Number(UnixMicroseconds)},{Site},{RecordText.Number(Sequence)},{RecordText.OptionalNumber(RoundTripMicroseconds)}";

    internal static ProbeRecord? FromFields(string[] fields, long time) =>
        fields.Length == 5
        && RecordText.TryName(fields[2], out var site)
        && RecordText.TrySequence(fields[3], out var sequence)
        && RecordText.TryOptionalDuration(fields[4], out var roundTrip)
            ? new ProbeRecord(time, site, sequence, roundTrip)
            : null;
}
