namespace Testbed.Mobility.Attachment;

/// <summary>One user's sites over a run: where it starts, and its handovers in time order.</summary>
public sealed record AttachmentHistory(int User, string FirstSite, IReadOnlyList<Handover> Handovers)
{
    /// <summary>The site the user is attached to at <paramref name="timeS"/>.</summary>
    public string SiteAt(double timeS) => Handovers.LastOrDefault(h => h.TimeS <= timeS)?.To ?? FirstSite;
}
