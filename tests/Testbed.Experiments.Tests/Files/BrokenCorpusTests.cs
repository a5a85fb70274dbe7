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
                "3:7: -1 is out of range: expected at least 0",
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
        { "not-yaml.yaml", ["4:17: not valid YAML"] },
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
