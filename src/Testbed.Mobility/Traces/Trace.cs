namespace Testbed.Mobility.Traces;

/// <summary>A trace as its file gives it: rows in time order, by position or by site (never both in one file).</summary>
public sealed record Trace(string Path, IReadOnlyList<TraceRow> Rows)
{
    /// <summary>True for <c>t_s,user,site</c> traces: the file says each user's site, so no attachment is computed.</summary>
    public bool BySite => Rows.Count > 0 && Rows[0].Site is not null;

    /// <summary>The users in the order they first appear.</summary>
    public IReadOnlyList<string> Users => [.. Rows.Select(r => r.User).Distinct(StringComparer.Ordinal)];
}
