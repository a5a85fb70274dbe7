namespace Testbed.Results.Records;

/// <summary>
/// The configured round trip from a user site to a service in a data center, as the run's
/// mechanism routes it: the sum of the link delays the request crosses
/// (<see cref="ForwardMs"/>, its ingress and any tunnel included) and the answer crosses
/// back (<see cref="ReturnMs"/>). Response time is measured against it.
/// </summary>
/// <param name="LinkCrossings">How many emulated links the request and its answer cross in all (null in runs recorded before it was).</param>
/// <param name="MeasuredRttMs">
/// The same links' one-way delays as the run's link calibration measured them, each link
/// alone, summed over the crossings. Each link's figure holds one wake-up of the emulator and
/// the stacks at its ends; on a path, one wake-up carries a frame over consecutive links, so
/// the sum over-counts what a path of many links adds: it is an upper bound. Null when a link
/// on the way was not measured.
/// </param>
public sealed record PathRow(string Site, string DataCenter, double ForwardMs, double ReturnMs, int? LinkCrossings = null, double? MeasuredRttMs = null)
{
    public double RoundTripMs => Math.Round(ForwardMs + ReturnMs, 3);
}
