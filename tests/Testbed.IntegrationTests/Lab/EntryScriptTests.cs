using Testbed.TestSupport;

namespace Testbed.IntegrationTests.Lab;

/// <summary>The two commands of the README, and CI's entry point.</summary>
public sealed class EntryScriptTests : ScratchRootTest
{
    [Fact]
    public async Task Testbed_provisions_builds_and_runs_the_cli()
    {
        var (result, _) = await ExternalCommand.RunAsync(RepositoryRoot.Combine("testbed", "testbed"), ["clean"],
            new Dictionary<string, string?> { ["TESTBED_RUNTIME_DIR"] = Scratch.Path });

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal($"Nothing to clean under {Scratch.Path}.", result.StandardOutput.Trim());
        Assert.True(File.Exists(RepositoryRoot.Combine("artifacts", "bin", "Testbed.Cli", "release", "testbed.dll")));
    }

    [Fact]
    public async Task The_test_command_refuses_to_run_without_root_in_one_line()
    {
        var (result, _) = await ExternalCommand.RunAsync(RepositoryRoot.Combine("testbed", "test"), [], unprivileged: true);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "testbed/test: the tests create namespaces and start VMs, so they need root: run 'sudo testbed/test'",
            ExternalCommand.OnlyLine(result.StandardError));
    }

    [Theory]
    [InlineData("--frobnicate", "rehearse: unknown option '--frobnicate' (known: --commit, --only, --keep, --refresh, --out)")]
    [InlineData("--only,build", "rehearse: --only takes 'run' or 'test', not 'build'")]
    public async Task The_rehearsal_refuses_bad_options_in_one_line_before_it_touches_anything(string arguments, string message)
    {
        var (result, _) = await ExternalCommand.RunAsync(RepositoryRoot.Combine("testbed", "rehearse"), arguments.Split(','));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, ExternalCommand.OnlyLine(result.StandardError));
    }

    [Fact]
    public async Task The_rehearsal_needs_root_and_says_so_in_one_line()
    {
        var (result, _) = await ExternalCommand.RunAsync(RepositoryRoot.Combine("testbed", "rehearse"), [], unprivileged: true);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("rehearse: needs root (debootstrap, mounts, pivot_root): run 'sudo testbed/rehearse'", ExternalCommand.OnlyLine(result.StandardError));
    }

    [Fact]
    public void Ci_runs_the_test_command_and_nothing_else()
    {
        var commands = File.ReadAllLines(RepositoryRoot.Combine(".ci", "run"))
            .Where(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'))
            .ToArray();

        Assert.Equal(["exec \"$(dirname \"$0\")/../testbed/test\""], commands);
    }

    [Fact]
    public void The_readme_shows_the_two_commands()
    {
        var readme = File.ReadAllText(RepositoryRoot.Combine("README.md"));

        Assert.Contains("sudo testbed/testbed run <experiment>", readme, StringComparison.Ordinal);
        Assert.Contains("sudo testbed/test", readme, StringComparison.Ordinal);
    }
}
