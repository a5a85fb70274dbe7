using Testbed.Results.Reading;
using Testbed.Results.Store;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed import` as a researcher calls it, on the real runs checked in as test data.</summary>
public sealed class ImportCommandTests : ScratchRootTest
{
    [Fact]
    public async Task Importing_a_folder_of_runs_writes_each_once_and_says_so()
    {
        var database = Path.Combine(Scratch.Path, "results", "testbed.db");
        var runs = Path.GetDirectoryName(RecordedRuns.OneMove)!;

        var first = await TestbedCommand.RunAsync(Scratch.Path, "import", runs, "--results-db", database);
        var second = await TestbedCommand.RunAsync(Scratch.Path, "import", RecordedRuns.OneMove, RecordedRuns.FlashCrowd, "--results-db", database);

        Assert.Equal((0, ""), (first.ExitCode, Warnings(first.StandardError)));
        // Every checked-in run, in the order of their directories' names.
        Assert.Equal(
            RecordedRuns.All.Order(StringComparer.Ordinal).Select(run => $"{run}: imported"),
            first.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"testbed: {RecordedRuns.All.Count} run(s) in SQLite {database}", first.StandardError.Trim());
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(
            [$"{RecordedRuns.OneMove}: already present", $"{RecordedRuns.FlashCrowd}: already present"],
            second.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        await using var store = await ResultsStore.OpenAsync(ResultsDatabaseLocation.Sqlite(database), CancellationToken.None);
        var oneMove = RunResultsReader.Read(RecordedRuns.OneMove);
        var stored = await store.ReadAsync(oneMove.RunId, CancellationToken.None);
        Assert.Equal(oneMove.Recorded.Probes, stored!.Recorded.Probes);
        Assert.Equal(RecordedRuns.All.Count, (await store.RunIdsAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_directory_that_is_not_there_fails_in_one_line()
    {
        var missing = Path.Combine(Scratch.Path, "no-such-run");

        var result = await TestbedCommand.RunAsync(Scratch.Path, "import", missing, "--results-db", Path.Combine(Scratch.Path, "t.db"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"testbed: {missing}: no such directory", ExternalCommand.OnlyLine(result.StandardError));
        Assert.False(File.Exists(Path.Combine(Scratch.Path, "t.db")));
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_fails_in_one_line_without_its_password()
    {
        // Port 1 on the loopback: refused at once, nothing listens there.
        var result = await TestbedCommand.RunAsync(Scratch.Path, "import", RecordedRuns.OneMove, "--results-db", "Host=127.0.0.1;Port=1;Database=r;Username=u");

        Assert.Equal(1, result.ExitCode);
        var line = ExternalCommand.OnlyLine(result.StandardError);
        Assert.StartsWith("testbed: cannot reach the results database (PostgreSQL 127.0.0.1:1/r as u): ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=r;Username=u;Password=hunter2")]
    [InlineData("postgresql://u:hunter2@127.0.0.1:1/r")]
    public async Task A_password_on_the_command_line_is_refused_in_one_line_that_does_not_show_it(string database)
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, "import", RecordedRuns.OneMove, "--results-db", database);

        Assert.Equal(1, result.ExitCode);
        var line = ExternalCommand.OnlyLine(result.StandardError);
        Assert.StartsWith("testbed: --results-db: a password on the command line can be read by every user", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    private static string Warnings(string standardError) =>
        string.Join('\n', standardError.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)));
}
