namespace Testbed.Results.Records;

/// <summary>
/// One guest's own turnaround, measured before the timeline from its hypervisor host on the
/// data center's LAN, where the network adds next to nothing: <see cref="Kind"/> "icmp" is an
/// ICMP echo (the guest's kernel answers), "echo" the UDP probe echo (a guest process
/// answers), "request" a request of <see cref="RequestBytes"/> (a group's size).
/// Round trips are nearest-rank percentiles over <see cref="Count"/> answers; the turnaround
/// is the round trip less the service time the guest was configured to spend.
/// </summary>
public sealed record GuestCalibrationRow(
    string Vm, string DataCenter, string Kind, int RequestBytes, int Count, double RttP50Ms, double RttP99Ms, double ServiceTimeMs)
{
    public const string Icmp = "icmp";
    public const string Echo = "echo";
    public const string Request = "request";

    public double TurnaroundP50Ms => Math.Round(RttP50Ms - ServiceTimeMs, 3);

    public double TurnaroundP99Ms => Math.Round(RttP99Ms - ServiceTimeMs, 3);
}
