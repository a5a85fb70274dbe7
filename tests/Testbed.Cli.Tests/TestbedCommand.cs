using CliWrap;
using CliWrap.Buffered;
using CommandResult = Testbed.Lab.Processes.CommandResult;
using Testbed.Lab.Runs;

namespace Testbed.Cli.Tests;

/// <summary>Runs the built `testbed` command as its own process, as a user would.</summary>
internal static class TestbedCommand
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "testbed.dll");

    public static async Task<CommandResult> RunAsync(string runtimeRoot, params string[] arguments) =>
        await RunAsAsync(runtimeRoot, prefix: [], arguments);

    /// <summary>Runs it as the unprivileged user nobody, through setpriv.</summary>
    public static async Task<CommandResult> RunUnprivilegedAsync(string runtimeRoot, params string[] arguments) =>
        await RunAsAsync(runtimeRoot, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], arguments);

    private static async Task<CommandResult> RunAsAsync(string runtimeRoot, string[] prefix, string[] arguments)
    {
        string[] command = [.. prefix, "dotnet", Dll, .. arguments];
        var result = await CliWrap.Cli.Wrap(command[0])
            .WithArguments(command[1..])
            .WithEnvironmentVariables(env => env
                .Set(RuntimeRoot.EnvironmentVariable, runtimeRoot)
                .Set("DOTNET_CLI_HOME", "/tmp")
                .Set("TESTBED_DEBUG", null))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
