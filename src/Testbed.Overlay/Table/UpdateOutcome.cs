namespace Testbed.Overlay.Table;

public enum UpdateOutcome
{
    /// <summary>The update was newer and took effect.</summary>
    Applied,

    /// <summary>The same update again (same epoch, same location): nothing changed.</summary>
    Repeated,

    /// <summary>Older than what the router holds, or the same epoch with a different location: refused.</summary>
    Stale,

    /// <summary>A commit or abort with nothing prepared under that epoch.</summary>
    NotPrepared,
}
