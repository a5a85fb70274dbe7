namespace Testbed.Results.Records;

/// <summary>
/// A user of a group changed site at <see cref="TimeS"/> on the run's clock: a mobile group's
/// handover, or one user's step of a scripted group move. <see cref="Cause"/> says which.
/// </summary>
public sealed record HandoverRow(double TimeS, string Group, int User, string From, string To, string Cause)
{
    /// <summary>A handover of a mobility model or a trace.</summary>
    public const string Mobility = "mobility";

    /// <summary>A user's step of a timeline's move event.</summary>
    public const string Move = "move";
}
