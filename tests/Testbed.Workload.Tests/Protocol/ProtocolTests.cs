using Testbed.Workload.Protocol;

namespace Testbed.Workload.Tests.Protocol;

public sealed class ProtocolTests
{
    [Fact]
    public void A_reply_line_round_trips()
    {
        var reply = new ServiceReply("vm-dc2", 12345);

        Assert.Equal("served-by=vm-dc2 count=12345", reply.ToLine());
        Assert.True(ServiceReply.TryParse(reply.ToLine() + "\n", out var parsed));
        Assert.Equal(reply, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ok")]
    [InlineData("served-by= count=1")]
    [InlineData("served-by=vm count=-1")]
    [InlineData("served-by=vm count=1 extra")]
    [InlineData("count=1 served-by=vm")]
    public void Anything_else_is_not_a_reply(string? line)
    {
        Assert.False(ServiceReply.TryParse(line, out _));
    }

    [Fact]
    public void A_probe_round_trips_in_sixteen_bytes_and_other_sizes_are_refused()
    {
        var bytes = new byte[ProbePacket.Size];
        new ProbePacket(ulong.MaxValue - 1, -5).Write(bytes);

        Assert.True(ProbePacket.TryRead(bytes, out var probe));
        Assert.Equal(new ProbePacket(ulong.MaxValue - 1, -5), probe);
        Assert.False(ProbePacket.TryRead(bytes.AsSpan(0, 15), out _));
    }

    [Fact]
    public void Control_lines_use_invariant_numbers()
    {
        Assert.Equal("!dirty 12.5", ControlLine.SetDirtyRate(12.5));
        Assert.Equal("!name vm-dc2", ControlLine.SetName("vm-dc2"));
    }
}
