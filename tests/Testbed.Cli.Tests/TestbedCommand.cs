using Testbed.Lab.Runs;
using Testbed.TestSupport;
using CommandResult = Testbed.Lab.Processes.CommandResult;

namespace Testbed.Cli.Tests;

/// <summary>Runs the built `testbed` command as its own process, with its runtime root set to the test's own.</summary>
internal static class TestbedCommand
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "testbed.dll");

    public static Task<CommandResult> RunAsync(string runtimeRoot, params string[] arguments) => RunAsync(runtimeRoot, unprivileged: false, arguments);

    public static Task<CommandResult> RunUnprivilegedAsync(string runtimeRoot, params string[] arguments) => RunAsync(runtimeRoot, unprivileged: true, arguments);

    private static async Task<CommandResult> RunAsync(string runtimeRoot, bool unprivileged, string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            [RuntimeRoot.EnvironmentVariable] = runtimeRoot,
            ["DOTNET_CLI_HOME"] = "/tmp",
            ["TESTBED_DEBUG"] = null,

            // The results database of a test's runs is the test's own, never the repository's.
            ["TESTBED_RESULTS_DIR"] = ScratchRuntimeRoot.ResultsFor(runtimeRoot),
            ["TESTBED_RESULTS_DB"] = null,
        };
        var (result, _) = await ExternalCommand.RunAsync("dotnet", [Dll, .. arguments], environment, unprivileged);
        return result;
    }
}
