using Testbed.Guest.Services;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Tests.Services;

/// <summary>The guest's side of the control lines: each command the host can send changes what it says it changes.</summary>
public sealed class ControlCommandsTests
{
    [Fact]
    public void A_dirty_rate_and_a_name_sent_by_the_host_change_the_guest_s_state()
    {
        var state = new GuestState("vm1", 0);
        var commands = new ControlCommands(state);

        Assert.Equal(ControlLine.Ok, commands.Apply(ControlLine.SetDirtyRate(7.5)[1..]));
        Assert.Equal(ControlLine.Ok, commands.Apply(ControlLine.SetName("vm1-replica")[1..]));

        Assert.Equal(7.5, state.DirtyMegabytesPerSecond);
        Assert.Equal("vm1-replica", state.Name);
    }

    [Fact]
    public void A_guest_run_as_a_process_refuses_a_new_address_and_keeps_its_state()
    {
        var state = new GuestState("vm1", 3);
        var commands = new ControlCommands(state);

        var answer = commands.Apply(ControlLine.SetAddress(System.Net.IPAddress.Parse("10.3.0.7"), 24, System.Net.IPAddress.Parse("10.3.0.1"))[1..]);

        Assert.StartsWith(ControlLine.ErrorPrefix, answer, StringComparison.Ordinal);
        Assert.Equal(3, state.DirtyMegabytesPerSecond);
    }

    [Fact]
    public void An_unknown_line_gets_an_error_answer_rather_than_an_exception()
    {
        var state = new GuestState("vm1", 0);

        var answer = new ControlCommands(state).Apply("reboot now");

        Assert.StartsWith(ControlLine.ErrorPrefix, answer, StringComparison.Ordinal);
        Assert.Equal("vm1", state.Name);
    }
}
