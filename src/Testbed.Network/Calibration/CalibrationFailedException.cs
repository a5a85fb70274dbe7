namespace Testbed.Network.Calibration;

/// <summary>The network is not what the experiment asked for; the message holds the whole table.</summary>
public sealed class CalibrationFailedException(IReadOnlyList<LinkCalibration> results)
    : Exception($"calibration: {results.Count(r => !r.Ok)} of {results.Count} links are off by more than max(0.3 ms, 3%) in delay or 10% in bandwidth; refusing to run:\n{LinkCalibrator.Table(results)}")
{
    public IReadOnlyList<LinkCalibration> Results { get; } = results;
}
