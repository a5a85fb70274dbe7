namespace Testbed.Dashboards.Containers;

/// <summary>What `up` did to one container.</summary>
public enum ContainerOutcome
{
    /// <summary>Created from its spec and started.</summary>
    Created,

    /// <summary>Existed but was stopped, and was started again with its old configuration.</summary>
    Started,

    /// <summary>Was already running; left as it was.</summary>
    AlreadyRunning,
}
