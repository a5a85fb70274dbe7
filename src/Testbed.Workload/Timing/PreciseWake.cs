namespace Testbed.Workload.Timing;

/// <summary>Why a <see cref="PreciseTimer"/> wait ended.</summary>
public enum PreciseWake
{
    /// <summary>The instant waited for has come.</summary>
    Due,

    /// <summary>The descriptor watched has something to read.</summary>
    Readable,

    /// <summary>Another thread interrupted the wait.</summary>
    Interrupted,
}
