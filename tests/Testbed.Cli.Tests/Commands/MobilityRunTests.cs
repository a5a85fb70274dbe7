using Testbed.Experiments.Files;
using Testbed.Experiments.Mobility;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>
/// `testbed run` on experiments/examples/nomads.yaml: users of a mobility model handed over
/// between real site namespaces, through the real command.
/// </summary>
public sealed class MobilityRunTests : ScratchRootTest, IDisposable
{
    private static readonly string Nomads = RepositoryRoot.Combine("experiments", "examples", "nomads.yaml");

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-mobile-");

    [Fact]
    public async Task A_run_of_nomads_hands_each_user_over_as_planned_and_the_policy_sees_the_demand_follow_them()
    {
        var output = Path.Combine(_results.FullName, "nomads");
        var experiment = ExperimentLoader.Load(Nomads);
        var group = Assert.Single(experiment.UserGroups);
        var plan = MobilityPlans.For(experiment, group);
        Assert.NotEmpty(plan.Handovers);

        var result = await TestbedCommand.RunAsync(Scratch.Path, "run", Nomads, "--out", output);

        RunExit.AssertCompleted(result, output);
        var run = RunResultsReader.Read(output);

        // Every planned handover happened, to the user and site planned, near its planned time
        // (the client's clock starts a moment after the run's; a loaded machine may be late).
        // Two handovers due at the same instant may be recorded either way round.
        var handovers = run.Recorded.HandoverRows.OrderBy(h => Math.Round(h.TimeS, 3)).ThenBy(h => h.User).ToList();
        Assert.Equal(plan.Handovers.Select(h => (h.User, h.From, h.To)), handovers.Select(h => (h.User, h.From, h.To)));
        Assert.All(handovers, h => Assert.Equal(HandoverRow.Mobility, h.Cause));
        foreach (var (planned, recorded) in plan.Handovers.Zip(handovers))
        {
            Assert.InRange(recorded.TimeS - MobilityPlans.RunSeconds(experiment, planned.TimeS), 0, 1);
        }

        // Each user's requests left from the site it was at: never from a site it had left.
        foreach (var request in run.Recorded.Requests.Where(r => handovers.All(h => Math.Abs(h.TimeS - r.TimeS) > 0.5)))
        {
            var at = handovers.LastOrDefault(h => h.User == request.User && h.TimeS < request.TimeS)?.To ?? plan.Users[request.User].FirstSite;
            Assert.Equal(at, request.Site);
        }

        // The demand the policy saw is the users' rate at the sites they were at, by handovers.csv.
        var demands = run.Events.Where(e => e.Kind == "demand" && e.TimeS is not null).ToList();
        Assert.True(demands.Count >= 2, $"{demands.Count} demand events: the policy saw the demand change fewer than twice");
        foreach (var demand in demands.Where(d => handovers.All(h => Math.Abs(h.TimeS - d.TimeS!.Value) > 0.5)))
        {
            var expected = Enumerable.Range(0, group.Users)
                .Select(user => handovers.LastOrDefault(h => h.User == user && h.TimeS < demand.TimeS)?.To ?? plan.Users[user].FirstSite)
                .GroupBy(site => site)
                .ToDictionary(g => g.Key, g => g.Count() * group.RequestsPerSecondPerUser);
            var seen = demand.Details["demand_by_site"]!.AsObject().ToDictionary(p => p.Key, p => (double)p.Value!);
            Assert.Equal(expected.OrderBy(p => p.Key), seen.Where(p => p.Value > 0).OrderBy(p => p.Key));
        }

        // The summary states the compression the users moved at, and their handovers.
        Assert.Equal(experiment.TimeCompression, run.Summary!.TimeCompression);
        Assert.Equal(handovers.Count, run.Summary.Handovers[group.Name]);

        // The map's tracks: every user, from the start to the end of the run, at the sites planned.
        var tracks = run.Recorded.TrackRows;
        Assert.Equal(Enumerable.Range(0, group.Users), tracks.Select(t => t.User).Distinct().Order());
        Assert.Equal(experiment.Duration.TotalSeconds, tracks.Max(t => t.TimeS), 3);
        Assert.All(tracks.Where(t => t.TimeS == 0), t => Assert.Equal(plan.Users[t.User].FirstSite, t.Site));
        Assert.True(File.Exists(Path.Combine(output, ResultsFileNames.Tracks)));
    }

    public void Dispose() => _results.Delete(recursive: true);
}
