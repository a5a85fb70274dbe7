using Testbed.Guest.Boot;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Services;

/// <summary>
/// The control lines (<see cref="ControlLine"/>), whichever way they arrive: on a request
/// connection from a user, or on the hypervisor's agent channel.
/// </summary>
internal sealed class ControlCommands(GuestState state)
{
    /// <summary>The answer to one control line, without its '!' marker: "ok" or "error: ...".</summary>
    public string Apply(string line)
    {
        ControlCommand command;
        try
        {
            command = ControlCommand.Parse(line);
        }
        catch (FormatException unknown)
        {
            return ControlLine.ErrorPrefix + unknown.Message;
        }

        switch (command)
        {
            case SetDirtyRateCommand dirty:
                state.DirtyMegabytesPerSecond = dirty.MegabytesPerSecond;
                return ControlLine.Ok;
            case SetNameCommand name:
                state.Name = name.Name;
                return ControlLine.Ok;
            case SetAddressCommand when state.Interface is null:
                return ControlLine.ErrorPrefix + "this guest runs as a process and owns no interface";
            case SetAddressCommand address:
                try
                {
                    NetworkSetup.Readdress(state.Interface, address.Address, address.PrefixLength, address.Gateway);
                    return ControlLine.Ok;
                }
                catch (InvalidOperationException failure)
                {
                    return ControlLine.ErrorPrefix + failure.Message;
                }

            default:
                return ControlLine.ErrorPrefix + $"control line '!{line}' is known but not served here";
        }
    }
}
