namespace Testbed.Workload.Records;

/// <summary>
/// <c>ready,T</c>: written once, when the client has started up and compiled its code. It
/// sends nothing until the host's <c>start</c> command (see <see cref="StartedRecord"/>).
/// </summary>
public sealed record ReadyRecord(long UnixMicroseconds) : ClientRecord(UnixMicroseconds)
{
    public const string Kind = "ready";

    public override string ToLine() => $"{Kind},{RecordText.Number(UnixMicroseconds)}";

    internal static ReadyRecord? FromFields(string[] fields, long time) =>
        fields.Length == 2 ? new ReadyRecord(time) : null;
}
