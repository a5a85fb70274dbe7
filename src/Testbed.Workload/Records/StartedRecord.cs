namespace Testbed.Workload.Records;

/// <summary>
/// <c>started,T</c>: written once, when the client starts its users on the host's
/// <c>start</c> command. T is the instant every first arrival is drawn from, so with the same
/// seed the requests' times relative to it repeat from run to run.
/// </summary>
public sealed record StartedRecord(long UnixMicroseconds) : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "started";

    public override string ToLine() => $"{Kind},{RecordText.Number(UnixMicroseconds)}";

    internal static StartedRecord? FromFields(string[] fields, long time) =>
        fields.Length == 2 ? new StartedRecord(time) : null;
}
