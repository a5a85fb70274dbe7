using CliWrap;
using CliWrap.Buffered;
using Xunit;
using CommandResult = Testbed.Lab.Processes.CommandResult;

namespace Testbed.TestSupport;

/// <summary>Runs a program from the repository root as a user would: with extra environment, and optionally as the unprivileged user nobody.</summary>
public static class ExternalCommand
{
    public static async Task<(CommandResult Result, TimeSpan Elapsed)> RunAsync(
        string program, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null, bool unprivileged = false)
    {
        string[] command = unprivileged ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", program, .. arguments] : [program, .. arguments];
        var result = await Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithWorkingDirectory(RepositoryRoot.Path)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError), result.RunTime);
    }

    /// <summary>The single non-empty line of an output; fails the test when there are more or none.</summary>
    public static string OnlyLine(string text) =>
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
