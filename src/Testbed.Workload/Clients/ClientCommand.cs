
namespace Testbed.Workload.Clients;

/// <summary>
/// One line on standard input from the host, which starts the group and steers it while it
/// runs: <c>start</c>, <c>move SITE NETNS OVER_MS</c>, <c>scale N</c>, <c>address IPV4</c>, <c>stop</c>.
/// </summary>
public abstract record ClientCommand
{
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
            ["scale", var users] => new ScaleCommand(ArgumentValues.Whole("scale: N", users, 0)),
            ["scale", ..] => throw new UsageException("usage: scale N"),
            ["address", var address] => new AddressCommand(ArgumentValues.Ipv4("address", address)),
            ["address", ..] => throw new UsageException("usage: address IPV4"),
            ["start"] => new StartCommand(),
            ["stop"] => new StopCommand(),
            _ => throw new UsageException("unknown command; the commands are start, move SITE NETNS OVER_MS, scale N, address IPV4 and stop"),
        };
    }
}
