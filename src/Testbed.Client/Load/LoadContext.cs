using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Testbed.Client.Addressing;
using Testbed.Client.Output;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;
using Testbed.Workload.Timing;

namespace Testbed.Client.Load;

/// <summary>What every user of the group shares: the options, the request's bytes, the address book, the clock and the output.</summary>
internal sealed class LoadContext(ClientOptions options, RecordClock clock, RecordWriter records, ServiceAddressBook addresses)
{
    public ClientOptions Options { get; } = options;

    public RecordClock Clock { get; } = clock;

    public RecordWriter Records { get; } = records;

    public ServiceAddressBook Addresses { get; } = addresses;

    /// <summary>The one request line every user sends, built once.</summary>
    public ReadOnlyMemory<byte> RequestLineBytes { get; } = RequestLine.Padded(options.RequestSize);

    public PlannedRequest Plan(long scheduledTimestamp, SiteLocation from) =>
        new(scheduledTimestamp, PreciseTimer.After(scheduledTimestamp, Options.RequestTimeout), from);

    public void Answered(PlannedRequest request, int user, ServiceReply reply, long answeredTimestamp) =>
        Records.Write(new RequestRecord(
            Clock.UnixMicroseconds(request.ScheduledTimestamp), user, request.From.Site,
            RecordClock.Microseconds(Stopwatch.GetElapsedTime(request.ScheduledTimestamp, answeredTimestamp)), RequestOutcome.Ok, reply.ServedBy, SendLateMicroseconds(request)));

    public void Failed(PlannedRequest request, int user, RequestOutcome outcome) =>
        Records.Write(new RequestRecord(Clock.UnixMicroseconds(request.ScheduledTimestamp), user, request.From.Site, null, outcome, null, SendLateMicroseconds(request)));

    private static long? SendLateMicroseconds(PlannedRequest request) => request.SendLate is { } late ? RecordClock.Microseconds(late) : null;

    public void Broken(int user, SiteLocation site, BrokenReason reason) =>
        Records.Write(new BrokenRecord(Clock.NowUnixMicroseconds(), user, site.Site, reason));

    /// <summary>A reply that records can carry: it parses, and the name that served it is a plain token.</summary>
    public static bool TryReadReply(string? line, [NotNullWhen(true)] out ServiceReply? reply)
    {
        reply = ServiceReply.TryParse(line, out var parsed) && ClientRecord.IsValidName(parsed!.ServedBy) ? parsed : null;
        return reply is not null;
    }
}
