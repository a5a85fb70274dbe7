using CliWrap;
using CliWrap.Buffered;
using CommandResult = Testbed.Lab.Processes.CommandResult;

namespace Testbed.IntegrationTests;

/// <summary>Runs a program from the repository root with extra environment, optionally as the unprivileged user nobody.</summary>
internal static class Script
{
    public static async Task<(CommandResult Result, TimeSpan Elapsed)> RunAsync(
        string program, string[] arguments, IReadOnlyDictionary<string, string?>? environment = null, bool unprivileged = false)
    {
        string[] command = unprivileged ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", program, .. arguments] : [program, .. arguments];
        var result = await Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithWorkingDirectory(TestSupport.RepositoryRoot.Path)
            .WithEnvironmentVariables(environment ?? new Dictionary<string, string?>())
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError), result.RunTime);
    }

    public static string OnlyLine(string text) =>
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
