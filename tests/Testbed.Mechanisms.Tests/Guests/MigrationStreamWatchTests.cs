using System.Buffers.Binary;
using Testbed.Mechanisms.Guests;

namespace Testbed.Mechanisms.Tests.Guests;

/// <summary>Which frames count as the migration stream's payload: built here byte by byte, as the wire carries them.</summary>
public sealed class MigrationStreamWatchTests
{
    [Theory]
    [InlineData(6, WanGuest.MigrationPort, 1000, true)]
    [InlineData(6, WanGuest.MigrationPort, 0, false)]
    [InlineData(6, 5201, 1000, false)]
    [InlineData(17, WanGuest.MigrationPort, 1000, false)]
    public void Only_tcp_segments_to_the_migration_port_that_carry_data_count(byte protocol, int port, int payload, bool counts)
    {
        Assert.Equal(counts, MigrationStreamWatch.IsMigrationPayload(Frame(protocol, (ushort)port, payload)));
    }

    [Fact]
    public void A_segment_with_tcp_options_counts_its_payload_after_them()
    {
        // A bare ACK with 12 bytes of timestamps: 20 + 32 bytes of headers, nothing after them.
        Assert.False(MigrationStreamWatch.IsMigrationPayload(Frame(6, WanGuest.MigrationPort, 0, tcpOptions: 12)));
        Assert.True(MigrationStreamWatch.IsMigrationPayload(Frame(6, WanGuest.MigrationPort, 1, tcpOptions: 12)));
    }

    [Fact]
    public void Frames_too_short_or_not_ipv4_do_not_count()
    {
        Assert.False(MigrationStreamWatch.IsMigrationPayload(new byte[20]));
        var arp = Frame(6, WanGuest.MigrationPort, 100);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(12), 0x0806);
        Assert.False(MigrationStreamWatch.IsMigrationPayload(arp));
    }

    private static byte[] Frame(byte protocol, ushort destinationPort, int payload, int tcpOptions = 0)
    {
        var tcpHeader = 20 + tcpOptions;
        var frame = new byte[14 + 20 + tcpHeader + payload];
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x0800);
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + tcpHeader + payload));
        ip[9] = protocol;
        var tcp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], destinationPort);
        tcp[12] = (byte)((tcpHeader / 4) << 4);
        return frame;
    }
}
