namespace Testbed.Experiments.Model;

/// <summary>A group of users at one site using one service: Poisson requests per user, over persistent or fresh connections.</summary>
public sealed record UserGroupSpec(
    string Name,
    string Site,
    string Service,
    int Users = 1,
    double RequestsPerSecondPerUser = 10,
    long RequestBytes = 64,
    bool Persistent = true);
