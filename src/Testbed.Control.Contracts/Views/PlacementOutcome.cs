namespace Testbed.Control.Contracts;

/// <summary>How a placement step (a migration, a replica, a drop) ended.</summary>
public enum PlacementOutcome
{
    /// <summary>The copies are where the step put them.</summary>
    Completed,

    /// <summary>The move was tried and did not finish (QEMU's or the testbed's reason is in the result's error); the copies are where they were.</summary>
    Failed,

    /// <summary>The run stopped while the move went on; the copies are where they were.</summary>
    Cancelled,

    /// <summary>The step was not tried: what it asks contradicts where the copies are, or cannot be done under this run's mechanism.</summary>
    Refused,
}
