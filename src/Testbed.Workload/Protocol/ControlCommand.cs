using System.Globalization;
using System.Net;

namespace Testbed.Workload.Protocol;

/// <summary>
/// One control line, typed: the host builds it and writes <see cref="Line"/>, the guest
/// reads it back with <see cref="Parse"/>. Each command's words are defined here once.
/// </summary>
public abstract record ControlCommand
{
    /// <summary>The line as sent, marker included.</summary>
    public abstract string Line { get; }

    /// <summary>The command a line (without its marker) says; a <see cref="FormatException"/> says what is known.</summary>
    public static ControlCommand Parse(string command)
    {
        var words = command.Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["dirty", var rate] when double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var mbps) && mbps >= 0 =>
                new SetDirtyRateCommand(mbps),
            ["name", var name] => new SetNameCommand(name),
            ["address", var cidr, var gatewayText] when TryParseCidr(cidr, out var address, out var prefixLength) && IPAddress.TryParse(gatewayText, out var gateway) =>
                new SetAddressCommand(address, prefixLength, gateway),
            _ => throw new FormatException($"unknown control line '{ControlLine.Marker}{command}' (known: !dirty MBPS, !name NAME, !address A/LEN GW)"),
        };
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
