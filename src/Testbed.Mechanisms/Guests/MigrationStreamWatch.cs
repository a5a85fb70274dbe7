using System.Buffers.Binary;
using Testbed.Lab.Linux;
using Testbed.Network.Wan;

namespace Testbed.Mechanisms.Guests;

/// <summary>
/// Watches the destination host's own traffic for the migration stream and keeps when its
/// last byte arrived. This splits restore (source completed to destination RESUME) into the
/// time the stream was still in flight (socket buffers, the links' queues and their delay)
/// and the time the destination took to load what it had received. It listens on the host's
/// bridge, where only frames for the host itself pass, not the guests' traffic. It keeps
/// every time it saw, so it is meant for the span of one migration.
/// </summary>
public sealed class MigrationStreamWatch : IDisposable
{
    private const ushort EtherTypeIpv4 = 0x0800;
    private const byte Tcp = 6;

    private readonly PacketCapture _capture;
    private readonly List<DateTimeOffset> _payloads = [];
    private readonly Lock _lock = new();

    private MigrationStreamWatch(string netns, string device) => _capture = PacketCapture.Start(netns, device, OnFrame, incomingOnly: true);

    /// <summary>
    /// The instant the last migration payload before <paramref name="resume"/> reached the
    /// destination host; null when none did. What comes after the RESUME (the source's last
    /// few bytes, with its FIN) was not needed to resume.
    /// </summary>
    public DateTimeOffset? LastByteBefore(DateTimeOffset resume)
    {
        lock (_lock)
        {
            var index = _payloads.FindLastIndex(t => t <= resume);
            return index < 0 ? null : _payloads[index];
        }
    }

    /// <summary>Watches the stream to host <paramref name="host"/> of <paramref name="dataCenter"/>, where <see cref="WanGuest.MigrationUri"/> points.</summary>
    public static MigrationStreamWatch Start(WanNetwork wan, string dataCenter, int host = 0) =>
        new(wan.Node(WanNetwork.HostName(dataCenter, host)).Namespace, WanNetwork.HostBridge);

    public void Dispose() => _capture.Dispose();

    private void OnFrame(DateTimeOffset at, ReadOnlyMemory<byte> frame)
    {
        if (IsMigrationPayload(frame.Span))
        {
            lock (_lock)
            {
                _payloads.Add(at);
            }
        }
    }

    /// <summary>An IPv4 TCP segment to the migration port that carries data (not a bare ACK or FIN), read from its Ethernet frame.</summary>
    public static bool IsMigrationPayload(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 14 + 20 || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EtherTypeIpv4)
        {
            return false;
        }

        var ip = frame[14..];
        var ipHeader = (ip[0] & 0x0F) * 4;
        if (ip[9] != Tcp || ipHeader < 20 || ip.Length < ipHeader + 20)
        {
            return false;
        }

        var tcp = ip[ipHeader..];
        var tcpHeader = (tcp[12] >> 4) * 4;
        var payload = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]) - ipHeader - tcpHeader;
        return BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]) == WanGuest.MigrationPort && payload > 0;
    }
}
