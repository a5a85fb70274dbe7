using Testbed.Lab.Processes;

namespace Testbed.Lab.Tests.Processes;

public sealed class CommandRunnerTests
{
    [Fact]
    public async Task A_missing_program_names_the_package_to_install()
    {
        var missing = await Assert.ThrowsAsync<ProgramMissingException>(
            () => CommandRunner.RunAsync("tb-no-such-program", [], TimeSpan.FromSeconds(5)));

        Assert.Contains("sudo testbed/provision.sh", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_overruns_its_time_is_stopped_with_a_timeout()
    {
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<TimeoutException>(() => CommandRunner.RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(300)));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_failing_command_reports_its_first_error_line()
    {
        var failure = await Assert.ThrowsAsync<CommandFailedException>(
            () => CommandRunner.RunCheckedAsync("ip", ["link", "show", "dev", "tbnosuchdev0"]));

        Assert.Contains("tbnosuchdev0", failure.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, failure.Result.ExitCode);
    }
}
