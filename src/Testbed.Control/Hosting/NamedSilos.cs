namespace Testbed.Control.Hosting;

/// <summary>What the lab's placements and watches ask of membership: a silo by its name (its host's).</summary>
internal static class NamedSilos
{
    /// <summary>The active silo named <paramref name="name"/> among <paramref name="compatible"/>; null when it is not an active member.</summary>
    public static SiloAddress? Active(this IClusterMembershipService membership, string name, IReadOnlyList<SiloAddress> compatible) =>
        membership.CurrentSnapshot.Members.Values
            .FirstOrDefault(m => m.Name == name && m.Status == SiloStatus.Active && compatible.Contains(m.SiloAddress))?.SiloAddress;

    /// <summary>Every member and its status, for a message that says why a silo was not there.</summary>
    public static string Describe(this IClusterMembershipService membership) =>
        string.Join(", ", membership.CurrentSnapshot.Members.Values.Select(m => $"{m.Name} {m.Status}"));

    /// <summary>
    /// The first member that <paramref name="watched"/> names to be declared dead, as soon as
    /// membership says so; null when <paramref name="stop"/> comes first or the silo stops.
    /// </summary>
    public static async Task<ClusterMember?> FirstDeadAsync(this IClusterMembershipService membership, Func<string, bool> watched, CancellationToken stop)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stop))
            {
                if (snapshot.Members.Values.FirstOrDefault(m => m.Status == SiloStatus.Dead && watched(m.Name)) is { } dead)
                {
                    return dead;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return null;
    }
}
