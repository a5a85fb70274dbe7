namespace Testbed.Workload.Records;

/// <summary><c>scaled,T,USERS</c>: at T the group became USERS users (a scale command).</summary>
public sealed record ScaledRecord(long UnixMicroseconds, int Users) : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "scaled";

    public override string ToLine() => $"{Kind},{RecordText.Number(UnixMicroseconds)},{RecordText.Number(Users)}";

    internal static ScaledRecord? FromFields(string[] fields, long time) =>
        fields.Length == 3 && RecordText.TryCount(fields[2], out var users) ? new ScaledRecord(time, users) : null;
}
