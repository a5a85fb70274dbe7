using System.Diagnostics;
using Testbed.Client.Sites;

namespace Testbed.Client.Load;

/// <summary>
/// A request as its arrival made it: when it was due (a Stopwatch timestamp, from which its
/// latency counts), when it times out, and the site the user was at then, which is where it
/// is sent from even if the user moves before it leaves.
/// </summary>
internal readonly record struct PlannedRequest(long ScheduledTimestamp, long DeadlineTimestamp, SiteLocation From)
{
    /// <summary>How long until the deadline; zero once it has passed.</summary>
    public TimeSpan TimeLeft()
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), DeadlineTimestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
