namespace Testbed.Workload.Records;

/// <summary>
/// <c>broken,T,USER,SITE,REASON</c>: a user's established persistent connection failed at T.
/// Its outstanding requests have their own <see cref="RequestRecord"/>s; the user connects
/// again for its next request. A connection that never got established, or one the client
/// closed itself (a move, a scale-down, the end of the run), writes none.
/// </summary>
/// <param name="Site">The site the connection was made from.</param>
public sealed record BrokenRecord(long UnixMicroseconds, int User, string Site, BrokenReason Reason) : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "broken";

    public override string ToLine() =>
        $"{Kind},{RecordText.Number(UnixMicroseconds)},{RecordText.Number(User)},{Site},{RecordText.Word(Reason)}";

    internal static BrokenRecord? FromFields(string[] fields, long time) =>
        fields.Length == 5
        && RecordText.TryCount(fields[2], out var user)
        && RecordText.TryName(fields[3], out var site)
        && RecordText.TryReason(fields[4], out var reason)
            ? new BrokenRecord(time, user, site, reason)
            : null;
}
