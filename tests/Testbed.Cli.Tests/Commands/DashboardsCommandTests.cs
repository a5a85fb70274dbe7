using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed dashboards up|down` before Docker is reached: root, and options checked into one line each.</summary>
public sealed class DashboardsCommandTests : ScratchRootTest
{
    [Theory]
    [InlineData("up")]
    [InlineData("down")]
    public async Task Without_root_it_says_to_use_sudo(string verb)
    {
        var result = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, "dashboards", verb);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"testbed: 'dashboards {verb}' needs root (namespaces, interfaces, processes): run 'sudo testbed/testbed dashboards {verb}'",
            ExternalCommand.OnlyLine(result.StandardError));
    }

    [Theory]
    [InlineData("--bind nonsense", "testbed: --bind takes an IP address such as 0.0.0.0 or 127.0.0.1, not 'nonsense'")]
    [InlineData("--port 0", "testbed: --port and --db-port take a port number from 1 to 65535")]
    [InlineData("--db-port 70000", "testbed: --port and --db-port take a port number from 1 to 65535")]
    public async Task Bad_options_of_up_are_a_usage_error_of_one_line(string options, string message)
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, ["dashboards", "up", .. options.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message, ExternalCommand.OnlyLine(result.StandardError));
    }

    [Fact]
    public async Task Down_takes_only_purge()
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, "dashboards", "down", "--port", "3000");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("testbed: ", ExternalCommand.OnlyLine(result.StandardError), StringComparison.Ordinal);
    }
}
