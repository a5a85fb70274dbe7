namespace Testbed.Results.Records;

/// <summary>
/// The configured round trip from a user site to a service in a data center, as the run's
/// mechanism routes it: the sum of the link delays the request crosses
/// (<see cref="ForwardMs"/>, its ingress and any tunnel included) and the answer crosses
/// back (<see cref="ReturnMs"/>). Response time is measured against it.
/// </summary>
public sealed record PathRow(string Site, string DataCenter, double ForwardMs, double ReturnMs)
{
    public double RoundTripMs => Math.Round(ForwardMs + ReturnMs, 3);
}
