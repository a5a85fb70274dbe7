namespace Testbed.Experiments.Model;

/// <summary>
/// One combination of a sweep's values: its number (from 1), each swept field's value as the
/// file wrote it, in the sweep block's order, and the experiment with those values in place.
/// </summary>
public sealed record SweepPoint(int Number, IReadOnlyList<KeyValuePair<string, string>> Values, Experiment Experiment)
{
    /// <summary>"mechanism=overlay, topology.links.r1-r2.delay=10ms"; "(the file as written)" for a plan without a sweep.</summary>
    public string Label => Values.Count == 0 ? "(the file as written)" : string.Join(", ", Values.Select(v => $"{v.Key}={v.Value}"));
}
