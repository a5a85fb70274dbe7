using System.Text.Json.Serialization;

namespace Testbed.Overlay.Table;

/// <summary>
/// Where a service address lives: the data centers that host it (one, or several replicas),
/// under an epoch that only grows. A router keeps the entry with the highest epoch it has
/// seen, so an update that arrives late can never undo a newer one.
/// </summary>
/// <param name="Service">The service's IPv4 address, which it keeps wherever it runs.</param>
/// <param name="Epoch">Greater than every earlier entry's epoch for this service.</param>
/// <param name="DataCenters">The data centers hosting it; the first is its home.</param>
/// <param name="Mac">The VM's MAC, for the permanent neighbour entry where it is local; null when unknown.</param>
public sealed record LocationEntry(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("epoch")] long Epoch,
    [property: JsonPropertyName("data_centers")] IReadOnlyList<string> DataCenters,
    [property: JsonPropertyName("mac")] string? Mac = null)
{
    public bool IsHostedAt(string dataCenter) => DataCenters.Contains(dataCenter, StringComparer.Ordinal);

    /// <summary>Same location (epochs aside): a repeated update of the same epoch is harmless only when this holds.</summary>
    public bool SameLocation(LocationEntry other) =>
        Service == other.Service && Mac == other.Mac && DataCenters.SequenceEqual(other.DataCenters, StringComparer.Ordinal);

    /// <summary>Equal by value, data centers in order included (a record would compare the list by reference).</summary>
    public bool Equals(LocationEntry? other) => other is not null && Epoch == other.Epoch && SameLocation(other);

    public override int GetHashCode() => HashCode.Combine(Service, Epoch, DataCenters.Count, Mac);

    public override string ToString() => $"{Service}@[{string.Join(",", DataCenters)}] epoch {Epoch}";
}
