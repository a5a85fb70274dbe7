
namespace Testbed.Workload.Clients;

/// <summary>
/// One line on standard input from the host, which starts the group and steers it while it
/// runs: <c>start</c>, <c>move SITE NETNS OVER_MS</c>, <c>scale N</c>, <c>address IPV4</c>, <c>stop</c>;
/// and before start, a mobile group's <c>place USER SITE NETNS</c> and <c>handover AT_MS USER SITE NETNS</c>.
/// </summary>
public abstract record ClientCommand
{
    /// <summary>A run lasts at most a week, and a planned time beyond would overflow a TimeSpan.</summary>
    private const double MaxPlannedMilliseconds = 7 * 24 * 3600 * 1000.0;

    /// <summary>The line the host writes, which <see cref="Parse"/> reads back as this command.</summary>
    public abstract string Line { get; }

    /// <summary>The command on the line; a <see cref="UsageException"/> says what is wrong with one that is not.</summary>
    public static ClientCommand Parse(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["move", var site, var netns, var overMilliseconds] => new MoveCommand(
                new SiteLocation(ArgumentValues.Name("move: SITE", site), ArgumentValues.Netns("move: NETNS", netns)),
                TimeSpan.FromMilliseconds(ArgumentValues.Fractional("move: OVER_MS", overMilliseconds, 0))),
            ["move", ..] => throw new UsageException("usage: move SITE NETNS OVER_MS"),
            ["place", var user, var site, var netns] => new PlaceCommand(
                ArgumentValues.Whole("place: USER", user, 0),
                new SiteLocation(ArgumentValues.Name("place: SITE", site), ArgumentValues.Netns("place: NETNS", netns))),
            ["place", ..] => throw new UsageException("usage: place USER SITE NETNS"),
            ["handover", var at, var user, var site, var netns] => new HandoverCommand(
                TimeSpan.FromMilliseconds(ArgumentValues.Fractional("handover: AT_MS", at, 0) is var ms && ms <= MaxPlannedMilliseconds
                    ? ms : throw ArgumentValues.Bad("handover: AT_MS", "at most a week", at)),
                ArgumentValues.Whole("handover: USER", user, 0),
                new SiteLocation(ArgumentValues.Name("handover: SITE", site), ArgumentValues.Netns("handover: NETNS", netns))),
            ["handover", ..] => throw new UsageException("usage: handover AT_MS USER SITE NETNS"),
            ["scale", var users] => new ScaleCommand(ArgumentValues.Whole("scale: N", users, 0)),
            ["scale", ..] => throw new UsageException("usage: scale N"),
            ["address", var address] => new AddressCommand(ArgumentValues.Ipv4("address", address)),
            ["address", ..] => throw new UsageException("usage: address IPV4"),
            ["start"] => new StartCommand(),
            ["stop"] => new StopCommand(),
            _ => throw new UsageException("unknown command; the commands are start, move SITE NETNS OVER_MS, scale N, address IPV4, place USER SITE NETNS, handover AT_MS USER SITE NETNS and stop"),
        };
    }
}
