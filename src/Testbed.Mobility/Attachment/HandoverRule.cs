namespace Testbed.Mobility.Attachment;

/// <summary>
/// When a user changes site: only to a site more than <see cref="HysteresisKm"/> closer than
/// its own, and only after that has held for <see cref="DwellS"/> seconds (simulated). Either
/// keeps a user on a border from flapping between two sites.
/// </summary>
public sealed record HandoverRule(double HysteresisKm = 0, double DwellS = 0)
{
    public static readonly HandoverRule Nearest = new();
}
