namespace Testbed.Results.Store;

/// <summary>What writing a run to the results database did.</summary>
public enum ImportOutcome
{
    /// <summary>The run was new: all its rows were written.</summary>
    Imported,

    /// <summary>The run was there already: nothing changed.</summary>
    AlreadyPresent,

    /// <summary>The run was there without a summary (cut short, or imported while it ran) and now has one: its rows were written again.</summary>
    Replaced,
}
