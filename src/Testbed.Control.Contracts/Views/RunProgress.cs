namespace Testbed.Control.Contracts;

/// <summary>What a run is doing now: its phase, the timeline clock (null before the timeline starts), and each group's live figures.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
public sealed record RunProgress(
    string Phase, double? ClockSeconds, double DurationSeconds, IReadOnlyList<GroupProgress> Groups, IReadOnlyList<ServicePlacement> Placements, bool Finished, string? Error);
