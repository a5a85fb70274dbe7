using System.Globalization;
using System.Text;
using Testbed.Network.Emulation;

namespace Testbed.Network.Netem;

/// <summary>
/// The tc commands (lines for `tc -batch`) that make one end of a link do what a
/// <see cref="LinkShape"/> says, with the kernel's netem, as the user-space emulator does it:
/// a finite queue before the rate, the rate, then delay, jitter and loss, and packets kept in
/// order. One netem qdisc at the root of the interface does all of it, so a change is one
/// `qdisc change` that sets every parameter at once, and nothing is rebuilt (queued packets
/// and open connections survive).
///
/// Two netem facts shape the arguments. netem keeps packets in order under jitter only when
/// it has a rate, and a `change` that names no rate leaves the old one; so every link has a
/// rate, <see cref="LineRateMbps"/> when it has no bandwidth. And netem's `limit` counts every
/// packet it holds, the ones travelling the delay included; so the limit is the link's queue
/// plus the full-size frames that fit in flight at the rate, and only the queue overflows.
/// </summary>
public static class NetemCommands
{
    /// <summary>The qdisc's handle, the same on every link end, so that a change finds it.</summary>
    public const string Handle = "10:";

    /// <summary>The rate of a link with no bandwidth: far above what a host forwards, so it never queues.</summary>
    public const double LineRateMbps = 100_000;

    /// <summary>The largest frame on a WAN link: its 1600-byte MTU and the Ethernet header.</summary>
    public const int FrameBytes = 1600 + 14;

    public static string Add(string device, LinkShape shape) => $"qdisc add dev {device} root handle {Handle} netem {Arguments(shape)}";

    public static string Change(string device, LinkShape shape) => $"qdisc change dev {device} root handle {Handle} netem {Arguments(shape)}";

    /// <summary>netem's arguments: times in whole microseconds, the rate in bit/s, loss in percent.</summary>
    public static string Arguments(LinkShape shape)
    {
        var arguments = new StringBuilder("delay ").Append(Microseconds(shape.DelayMs));
        if (shape.JitterMs > 0)
        {
            arguments.Append(' ').Append(Microseconds(shape.JitterMs));
        }

        // netem has no "down": a cut link loses everything.
        var loss = shape.Up ? shape.LossPercent : 100;
        if (loss > 0)
        {
            arguments.Append(" loss ").Append(loss.ToString("0.######", CultureInfo.InvariantCulture)).Append('%');
        }

        return arguments
            .Append(" rate ").Append(BitsPerSecond(shape).ToString(CultureInfo.InvariantCulture)).Append("bit")
            .Append(" limit ").Append(Limit(shape).ToString(CultureInfo.InvariantCulture))
            .ToString();
    }

    /// <summary>The link's queue plus the full-size frames in flight over the delay and jitter at its rate.</summary>
    public static long Limit(LinkShape shape)
    {
        var inFlight = Math.Ceiling(BitsPerSecond(shape) * (shape.DelayMs + shape.JitterMs) / 1000 / (FrameBytes * 8));
        // netem's limit is 32 bits.
        return (long)Math.Min(uint.MaxValue, shape.QueuePackets + inFlight);
    }

    private static long BitsPerSecond(LinkShape shape) => (long)Math.Round((shape.BandwidthMbps ?? LineRateMbps) * 1_000_000);

    private static string Microseconds(double milliseconds) =>
        Math.Round(milliseconds * 1000).ToString("0", CultureInfo.InvariantCulture) + "us";
}
