using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Support;

/// <summary>The questions the tests ask of a client's records.</summary>
internal static class RecordQueries
{
    public static ReadyRecord Ready(this IEnumerable<ClientRecord> records) => Assert.Single(records.OfType<ReadyRecord>());

    public static StartedRecord Started(this IEnumerable<ClientRecord> records) => Assert.Single(records.OfType<StartedRecord>());

    public static IReadOnlyList<RequestRecord> Requests(this IEnumerable<ClientRecord> records) => [.. records.OfType<RequestRecord>()];

    public static IReadOnlyList<RequestRecord> Answered(this IEnumerable<ClientRecord> records) =>
        [.. records.OfType<RequestRecord>().Where(r => r.Outcome == RequestOutcome.Ok)];

    public static IReadOnlyList<ProbeRecord> Probes(this IEnumerable<ClientRecord> records) => [.. records.OfType<ProbeRecord>()];

    /// <summary>True once the client has answered requests scheduled at least <paramref name="span"/> after it started.</summary>
    public static bool HasRunFor(this IReadOnlyList<ClientRecord> records, TimeSpan span) =>
        records.OfType<StartedRecord>().FirstOrDefault() is { } started
        && records.Answered().Any(r => r.UnixMicroseconds - started.UnixMicroseconds >= Microseconds(span));

    public static long Microseconds(TimeSpan span) => span.Ticks / 10;

    public static long UnixMicroseconds(DateTimeOffset time) => ClientRecord.ToUnixMicroseconds(time);
}
