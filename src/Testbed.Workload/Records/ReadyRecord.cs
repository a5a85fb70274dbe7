namespace Testbed.Workload.Records;

/// <summary>
/// <c>ready,T</c>: written once, when the client starts its users. T is also the instant
/// every first arrival is drawn from, so with the same seed the requests' times relative to
/// it repeat from run to run.
/// </summary>
public sealed record ReadyRecord(long UnixMicroseconds) : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "ready";

    public override string ToLine() => $"{Kind},{RecordText.Number(UnixMicroseconds)}";

    internal static ReadyRecord? FromFields(string[] fields, long time) =>
        fields.Length == 2 ? new ReadyRecord(time) : null;
}
