namespace Testbed.Cli.Bench;

/// <summary>What `testbed bench links --json` prints.</summary>
internal sealed record LinkBenchReport(string LinkEmulation, IReadOnlyList<LinkBenchRow> Links, IReadOnlyList<ManyLinksBenchRow> ManyLinks, IReadOnlyList<BuildBenchRow> Build);
