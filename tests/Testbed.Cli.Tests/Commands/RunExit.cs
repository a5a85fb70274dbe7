using Testbed.Cli.Commands;
using Testbed.Lab.Processes;
using Testbed.Results.Reading;
using Testbed.Results.Summary;

namespace Testbed.Cli.Tests.Commands;

/// <summary>
/// What a test of the run machinery accepts as a run that completed: exit 0, or exit 3 when
/// the fidelity monitor found the emulated links off-spec, which the summary of every run
/// under <paramref name="directory"/> must then bear out, with no fault. How faithful the links were on a
/// loaded test machine is the monitor's to say, not these tests'.
/// </summary>
internal static class RunExit
{
    public static void AssertCompleted(CommandResult result, string directory)
    {
        var message = result.StandardError + result.StandardOutput;
        if (result.ExitCode == RunCommand.DegradedExitCode)
        {
            var summaries = RunDirectories.Expand([directory]).Select(run => RunResultsReader.Read(run).Summary).ToList();
            Assert.Contains(summaries, summary => summary?.Fidelity.Status == LinkFidelity.Degraded);

            // Off-spec links are the machine's; a fault is the testbed's, and no run here scripts one.
            Assert.All(summaries, summary => Assert.Empty(summary?.Faults ?? []));
            return;
        }

        Assert.True(result.Succeeded, message);
    }
}
