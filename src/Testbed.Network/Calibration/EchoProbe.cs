using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Lab.Linux;
using Testbed.Topology.Packets;
using Testbed.Workload.Timing;

namespace Testbed.Network.Calibration;

/// <summary>
/// ICMP echo from a raw socket opened inside a namespace, timed to the microsecond. The
/// system's `ping` prints a 100 ms round trip to the whole millisecond, which is coarser
/// than the error calibration has to see; the far end is still the kernel's own echo
/// responder, so nothing of ours runs on that side.
/// </summary>
public static class EchoProbe
{
    private const int HeaderBytes = 8;
    private const int PayloadBytes = 56;
    private const byte EchoReply = 0;
    private const byte EchoRequest = 8;

    /// <summary>
    /// Sends <paramref name="count"/> echoes <paramref name="interval"/> apart and returns
    /// the round trip of each answered one, in milliseconds, in the order sent. Echoes not
    /// answered within <paramref name="timeout"/> of the last send are lost.
    /// </summary>
    public static Task<IReadOnlyList<double>> RoundTripsMsAsync(
        string? netns, IPAddress target, int count, TimeSpan interval, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Task.Factory.StartNew<IReadOnlyList<double>>(
            () => RoundTripsMs(netns, target, count, interval, timeout ?? TimeSpan.FromSeconds(3), cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static List<double> RoundTripsMs(string? netns, IPAddress target, int count, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = NamespaceSockets.Create(netns, AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        socket.ReceiveTimeout = 50;
        var identifier = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        var sent = new long[count];
        var received = new double?[count];
        var sending = Task.Factory.StartNew(() => Send(socket, target, identifier, sent, interval, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var buffer = new byte[1500];
        var answered = 0;
        long? lastSent = null;
        while (answered < count && !cancellationToken.IsCancellationRequested)
        {
            if (sending.IsCompleted)
            {
                lastSent ??= Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(lastSent.Value) > timeout)
                {
                    break;
                }
            }

            int length;
            try
            {
                length = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            if (Parse(buffer.AsSpan(0, length), target, identifier) is { } sequence && sequence < count && received[sequence] is null && Volatile.Read(ref sent[sequence]) is not 0 and var at)
            {
                received[sequence] = Stopwatch.GetElapsedTime(at, now).TotalMilliseconds;
                answered++;
            }
        }

        sending.GetAwaiter().GetResult();
        cancellationToken.ThrowIfCancellationRequested();
        return received.Where(r => r is not null).Select(r => r!.Value).ToList();
    }

    private static void Send(Socket socket, IPAddress target, ushort identifier, long[] sent, TimeSpan interval, CancellationToken cancellationToken)
    {
        PreciseTimer.TuneCallingThread();
        using var timer = new PreciseTimer();
        var destination = new IPEndPoint(target, 0);
        var packet = new byte[HeaderBytes + PayloadBytes];
        var start = Stopwatch.GetTimestamp();
        for (var sequence = 0; sequence < sent.Length && !cancellationToken.IsCancellationRequested; sequence++)
        {
            timer.WaitUntil(PreciseTimer.After(start, interval * sequence));
            Build(packet, identifier, (ushort)sequence);
            Volatile.Write(ref sent[sequence], Stopwatch.GetTimestamp());
            socket.SendTo(packet, destination);
        }
    }

    private static void Build(Span<byte> packet, ushort identifier, ushort sequence)
    {
        packet.Clear();
        packet[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(packet[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], sequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], InternetChecksum.Of(packet));
    }

    /// <summary>The sequence number of an echo reply to us from the target, or null for anything else the raw socket sees.</summary>
    private static int? Parse(ReadOnlySpan<byte> datagram, IPAddress target, ushort identifier)
    {
        // A raw IPv4 socket hands over the IP header too.
        if (datagram.Length < 20)
        {
            return null;
        }

        var headerLength = (datagram[0] & 0x0f) * 4;
        if (datagram.Length < headerLength + HeaderBytes || !datagram.Slice(12, 4).SequenceEqual(target.GetAddressBytes()))
        {
            return null;
        }

        var icmp = datagram[headerLength..];
        return icmp[0] == EchoReply && BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == identifier
            ? BinaryPrimitives.ReadUInt16BigEndian(icmp[6..])
            : null;
    }
}
