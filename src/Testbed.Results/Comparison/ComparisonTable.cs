namespace Testbed.Results.Comparison;

/// <summary>
/// A comparison: one row per point, the label fields that tell points apart (only those
/// whose value differs between rows, unless every row is alike), and every (group, phase)
/// that has response times in some row, in the order first seen.
/// </summary>
public sealed record ComparisonTable(
    IReadOnlyList<string> LabelFields,
    IReadOnlyList<string> DistinguishingFields,
    IReadOnlyList<(string Group, string Phase)> Phases,
    IReadOnlyList<ComparisonRow> Rows);
