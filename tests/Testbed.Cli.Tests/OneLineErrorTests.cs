using Testbed.TestSupport;

namespace Testbed.Cli.Tests;

/// <summary>Bad input gets one line saying what is wrong and what to do; never a stack trace.</summary>
public sealed class OneLineErrorTests : ScratchRootTest
{
    private static string OnlyLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }

    [Theory]
    [InlineData("doctor")]
    [InlineData("clean")]
    public async Task Without_root_a_command_says_to_use_sudo(string command)
    {
        var result = await TestbedCommand.RunUnprivilegedAsync(Scratch.Path, command);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"testbed: '{command}' needs root (namespaces, interfaces, processes): run 'sudo testbed/testbed {command}'", OnlyLine(result.StandardError));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("doctor", "--no-such-option")]
    [InlineData("bench", "links", "--loads", "150")]
    [InlineData("bench", "links", "--nodes", "3")]
    [InlineData("bench", "links", "--emulation", "carrier-pigeon")]
    [InlineData("bench", "links", "--cpu-busy", "-1")]
    [InlineData("bench", "migration", "--memory", "lots")]
    public async Task Unknown_words_are_a_usage_error_of_one_line(params string[] arguments)
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("testbed: ", OnlyLine(result.StandardError), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.StandardError, StringComparison.Ordinal);
    }
}
