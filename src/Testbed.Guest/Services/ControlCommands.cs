using System.Globalization;
using System.Net;
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
    public string Apply(string command)
    {
        var words = command.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["dirty", var rate] when double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var mbps) && mbps >= 0:
                state.DirtyMegabytesPerSecond = mbps;
                return ControlLine.Ok;
            case ["name", var name]:
                state.Name = name;
                return ControlLine.Ok;
            case ["address", var cidr, var gatewayText]
                when TryParseCidr(cidr, out var address, out var prefixLength) && IPAddress.TryParse(gatewayText, out var gateway):
                if (state.Interface is null)
                {
                    return ControlLine.ErrorPrefix + "this guest runs as a process and owns no interface";
                }

                try
                {
                    NetworkSetup.Readdress(state.Interface, address, prefixLength, gateway);
                    return ControlLine.Ok;
                }
                catch (InvalidOperationException failure)
                {
                    return ControlLine.ErrorPrefix + failure.Message;
                }

            default:
                return $"{ControlLine.ErrorPrefix}unknown control line '!{command}' (known: !dirty MBPS, !name NAME, !address A/LEN GW)";
        }
    }

    private static bool TryParseCidr(string text, out IPAddress address, out int prefixLength)
    {
        var parts = text.Split('/');
        address = IPAddress.None;
        prefixLength = 0;
        return parts.Length == 2 && IPAddress.TryParse(parts[0], out address!)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength) && prefixLength is > 0 and <= 32;
    }
}
