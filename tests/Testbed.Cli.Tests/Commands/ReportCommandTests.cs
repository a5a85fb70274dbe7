using Testbed.Results.Files;
using Testbed.Results.Reporting;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed report` on copies of the recorded runs, as a researcher without root calls it.</summary>
public sealed class ReportCommandTests : ScratchRootTest, IDisposable
{
    private const UnixFileMode Everyone =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly DirectoryInfo _results = Directory.CreateTempSubdirectory("tbt-report-");

    [Fact]
    public async Task A_folder_of_runs_gets_a_report_per_run_and_the_paths_are_printed()
    {
        var experiment = Path.Combine(_results.FullName, "results");
        var runs = RecordedRuns.All.Select(r => CopyRun(r, Path.Combine(experiment, Path.GetFileName(r)))).ToList();

        var result = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, "report", experiment);

        Assert.True(result.Succeeded, result.StandardError);
        var printed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(runs.Select(r => Path.Combine(r, ReportFileNames.Report)).Order(StringComparer.Ordinal), printed.Order(StringComparer.Ordinal));
        Assert.All(runs, r => Assert.True(File.Exists(Path.Combine(r, ReportFileNames.ResponseTime)), $"{r}: no response-time plot"));
        Assert.Contains("## Migrations", File.ReadAllText(printed[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_holds_no_run_fails_in_one_line()
    {
        File.SetUnixFileMode(_results.FullName, Everyone);
        var empty = Directory.CreateDirectory(Path.Combine(_results.FullName, "empty"), Everyone).FullName;

        var result = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, "report", empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{empty}: holds no run", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _results.Delete(recursive: true);

    /// <summary>A copy the user nobody may write its report into.</summary>
    private string CopyRun(string source, string copy)
    {
        File.SetUnixFileMode(_results.FullName, Everyone);
        for (var directory = copy; directory != _results.FullName; directory = Path.GetDirectoryName(directory)!)
        {
            Directory.CreateDirectory(directory, Everyone);
            File.SetUnixFileMode(directory, Everyone);
        }

        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        Assert.True(File.Exists(Path.Combine(copy, ResultsFileNames.Events)));
        return copy;
    }
}
