namespace Testbed.Workload.Records;

/// <summary>
/// <c>moved,T,USER,SITE</c>: at T the user moved to SITE (a move command spreads its users
/// over time, one record each). T is the instant the move was planned for, on the same
/// schedule as the requests' times, so it splits the user's requests exactly: those
/// scheduled before T left from the old site, those after T from SITE.
/// </summary>
public sealed record MovedRecord(long UnixMicroseconds, int User, string Site) : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "moved";

    public override string ToLine() => $"{Kind},{RecordText.Number(UnixMicroseconds)},{RecordText.Number(User)},{Site}";

    internal static MovedRecord? FromFields(string[] fields, long time) =>
        fields.Length == 4
        && RecordText.TryCount(fields[2], out var user)
        && RecordText.TryName(fields[3], out var site)
            ? new MovedRecord(time, user, site)
            : null;
}
