namespace Testbed.Results.Records;

/// <summary>
/// Where a mobile group's user is planned to be at <see cref="TimeS"/> on the run's clock, and
/// the site it is attached to then: a mobility model's or a trace's track, sampled for the map.
/// </summary>
public sealed record TrackRow(double TimeS, string Group, int User, double Lat, double Lon, string Site);
