using Testbed.Experiments.Files;

namespace Testbed.Experiments.Tests.Files;

/// <summary>Each broken file of the corpus gets exactly its problems, each at its line and column.</summary>
public sealed class BrokenCorpusTests
{
    public static TheoryData<string, string[]> Corpus => new()
    {
        {
            "unknown-keys.yaml",
            [
                "7:24: unknown key 'dely' (did you mean 'delay'?)",
                "9:36: unknown key 'memroy' (did you mean 'memory'?)",
                "12:1: unknown key 'colour'; expected one of",
            ]
        },
        {
            "bad-units.yaml",
            [
                "2:11: 60 has no unit: expected a duration",
                "7:48: '10Mbps' is not a bit rate",
                "9:44: '128MB/s' is not a size",
                "11:54: 20 has no unit: expected a rate of events",
            ]
        },
        {
            "negative-values.yaml",
            [
                "3:7: -1 is out of range: expected 0 to 2147483647",
                "5:38: 0 is out of range: expected 1 to 16",
                "8:31: '-5ms' is negative",
                "12:47: -2 is out of range: expected 0 to 10000",
            ]
        },
        {
            "impossible-values.yaml",
            [
                "3:72: a replica would be dropped at once",
                "8:44: 9 ms of jitter around 5 ms of delay",
                "8:55: 150%: loss is 0 to 100%",
                "10:44: 64MiB: a default guest needs 96MiB",
                "12:67: 1000 users at 20/s is more than",
            ]
        },
        {
            "missing-references.yaml",
            [
                "8:19: no data center, WAN router or user site is named 'dc2'",
                "10:31: no data center is named 'dc9'",
                "12:22: no user site is named 'u2'",
                "12:35: no service is named 'db'",
                "15:20: no user group is named 'h'",
                "15:27: no user site is named 'u3'",
                "17:34: no data center is named 'dc7'",
                "19:16: there is no link between 'u1' and 'dc1'",
            ]
        },
        {
            "timeline-mistakes.yaml",
            [
                "15:9: 40s is after the run's end at 30s",
                "18:37: the move would end at 35s",
                "20:14: 'migrate' events need policy 'scripted'",
            ]
        },
        {
            "event-shapes.yaml",
            [
                "15:5: expected an event: 'at' and exactly one action",
                "16:5: expected an event: 'at' and exactly one action",
            ]
        },
        {
            "migration-settings.yaml",
            [
                "11:34: 90000ms: QEMU aims for a pause of 1ms to 60s",
                "11:54: 0.5Mbit/s: the migration stream's cap goes from 1Mbit/s to 100Gbit/s",
                "11:79: 1024MiB: XBZRLE's cache holds from one 4KiB page to the VM's 128MiB",
                "16:62: QEMU cannot combine post-copy with multifd",
            ]
        },
        {
            "migration-shapes.yaml",
            [
                "10:36: 0 is out of range: expected 1 to 255",
                "10:49: expected boolean, found 'yes'",
                "10:54: unknown key 'speed'",
            ]
        },
        {
            "mobility-mistakes.yaml",
            [
                "16:22: a group with mobility has no site",
                "17:77: min_speed is more than max_speed",
                "17:123: 'u3' has no location; mobility needs places on the map",
                "17:127: no node of the topology is named 'nowhere'",
                "18:85: 'alpha' is not a parameter of 'commuter'",
                $"19:72: {Path.Combine(AppContext.BaseDirectory, "Corpus", "mobility-trace.csv")}:4: user x moves 67.196 km",
                "20:5: a group needs a site to start at, or a mobility that places its users",
                "23:20: 'b' moves by its mobility; 'move' is for groups without one",
            ]
        },
        { "not-yaml.yaml", ["4:17: not valid YAML"] },
        { "yaml-anchors.yaml", ["7:7: &fast: anchors are not accepted"] },
        { "yaml-aliases.yaml", ["11:35: *app: aliases are not accepted"] },
        { "deep-nesting.yaml", ["3:71: nested more than 64 levels deep"] },
        {
            "out-of-range-quantities.yaml",
            [
                "2:11: '300000000h' is more than the testbed can run: a duration is at most 7 days",
                "3:7: 2147483648 is out of range: expected 0 to 2147483647",
                "8:51: 1000000 is out of range: expected 1 to 100000",
                "10:44: '4294967424MiB' is more than the testbed can run: a size is at most 1024GiB",
                "12:54: '99999999999/s' is more than the testbed can run: a rate of events is at most 1000000/s",
                "15:39: '100000h' is more than the testbed can run: a duration is at most 7 days",
            ]
        },
        {
            "timeline-values.yaml",
            [
                "15:43: 0 Mbit/s: a bandwidth is above 0",
                "15:57: 150%: loss is 0 to 100%",
                "17:39: 20000 ms: a delay is 0 to 10000 ms",
                "21:15: 5 ms of jitter around 2 ms of delay",
                "23:31: 5000 users at 10/s is more than the 10000 requests/s",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_broken_file_gets_each_problem_at_its_place(string file, string[] expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", file);

        var (experiment, problems) = ExperimentLoader.Check(path);

        Assert.Null(experiment);
        var printed = problems.Select(p => p.ToString()).ToList();
        Assert.Equal(expected.Length, printed.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.StartsWith($"{path}:{expected[i]}", printed[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_file_is_one_problem_not_an_exception()
    {
        var (experiment, problems) = ExperimentLoader.Check("/nonexistent/experiment.yaml");

        Assert.Null(experiment);
        Assert.StartsWith("/nonexistent/experiment.yaml:1:1: cannot read the file", Assert.Single(problems).ToString(), StringComparison.Ordinal);
    }
}
