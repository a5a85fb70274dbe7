using System.Globalization;

namespace Testbed.Workload.Clients;

/// <summary>
/// "handover AT_MS USER SITE NETNS": user <paramref name="User"/> moves to
/// <paramref name="To"/> at <paramref name="At"/> after the start, on the same schedule as its
/// requests. A mobile group's handovers are all known before the run, so the host sends them
/// before start and the client, whose clock the requests already keep, times them: no command
/// crosses the pipe while the guests run.
/// </summary>
public sealed record HandoverCommand(TimeSpan At, int User, SiteLocation To) : ClientCommand
{
    public override string Line => string.Create(CultureInfo.InvariantCulture, $"handover {At.TotalMilliseconds:R} {User} {To.Site} {To.Netns}");
}
