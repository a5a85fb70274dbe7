using System.Diagnostics;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;

namespace Testbed.Client.Load;

/// <summary>
/// A request as its arrival made it: when it was due (a Stopwatch timestamp, from which its
/// latency counts), when it times out, and the site the user was at then, which is where it
/// is sent from even if the user moves before it leaves. Once it is sent, also when its
/// first packet left (<see cref="SentTimestamp"/>): the client's own part of its latency.
/// </summary>
internal readonly record struct PlannedRequest(long ScheduledTimestamp, long DeadlineTimestamp, SiteLocation From)
{
    /// <summary>When the client began to send it: its write, or the connect of the connection it opened; null until then.</summary>
    public long? SentTimestamp { get; init; }

    /// <summary>This request, sent now.</summary>
    public PlannedRequest SentNow() => this with { SentTimestamp = Stopwatch.GetTimestamp() };

    /// <summary>How late it left; null when it never did.</summary>
    public TimeSpan? SendLate => SentTimestamp is { } sent ? Stopwatch.GetElapsedTime(ScheduledTimestamp, sent) : null;

    /// <summary>How long until the deadline; zero once it has passed.</summary>
    public TimeSpan TimeLeft()
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), DeadlineTimestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
