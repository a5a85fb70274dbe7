namespace Testbed.Topology;

/// <summary>What a topology node is; data centers are reached through their smart router.</summary>
public enum NodeKind
{
    DataCenter,
    WanRouter,
    UserSite,
}
