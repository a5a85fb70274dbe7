namespace Testbed.Results.Records;

/// <summary>What an unscripted failure did to its run.</summary>
public enum FaultEffect
{
    /// <summary>The run went on (recovered, or without the failed part); its figures include the failure.</summary>
    Degraded,

    /// <summary>The run could not go on, and was ended.</summary>
    Failed,
}
