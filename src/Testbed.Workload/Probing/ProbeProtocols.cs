namespace Testbed.Workload.Probing;

/// <summary>The probe protocols' names, as experiment files and the client's command line write them.</summary>
public static class ProbeProtocols
{
    public static string Name(this ProbeProtocol protocol) => protocol switch
    {
        ProbeProtocol.Icmp => "icmp",
        _ => "udp",
    };

    public static bool TryParse(string name, out ProbeProtocol protocol)
    {
        (var known, protocol) = name switch
        {
            "icmp" => (true, ProbeProtocol.Icmp),
            "udp" => (true, ProbeProtocol.Udp),
            _ => (false, ProbeProtocol.Icmp),
        };
        return known;
    }
}
