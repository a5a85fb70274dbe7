using Testbed.Mobility.Tracks;

namespace Testbed.Mobility.Models;

/// <summary>A way users move: one user's track over a run, drawn from its own random stream.</summary>
public interface IMobilityModel
{
    /// <summary>The model's name in experiment files.</summary>
    string Name { get; }

    /// <summary>User <paramref name="user"/>'s track from 0 to at least <paramref name="durationS"/> seconds of simulated time.</summary>
    UserTrack Track(int user, double durationS, Random random);
}
