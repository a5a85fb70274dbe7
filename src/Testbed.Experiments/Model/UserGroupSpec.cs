namespace Testbed.Experiments.Model;

/// <summary>
/// A group of users using one service: Poisson requests per user, over persistent or fresh
/// connections. Its users are at one site (<see cref="Site"/>), which timeline moves change, or,
/// with <see cref="Mobility"/>, each at the site nearest to where its model or trace puts it.
/// </summary>
public sealed record UserGroupSpec(
    string Name,
    string Site,
    string Service,
    int Users = 1,
    double RequestsPerSecondPerUser = 10,
    long RequestBytes = 64,
    bool Persistent = true,
    MobilitySpec? Mobility = null);
