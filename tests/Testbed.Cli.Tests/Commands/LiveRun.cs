using System.Diagnostics;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>A `testbed run` as its own process, for tests that act on it while it runs (signals, faults), and what they read of it meanwhile.</summary>
internal static class LiveRun
{
    /// <param name="errors">Receives each line the run writes on standard error; null to drop them.</param>
    /// <param name="options">More of `testbed run`'s options.</param>
    public static Process Start(
        string experiment, string output, string runtimeRoot, System.Collections.Concurrent.ConcurrentQueue<string>? errors = null, params string[] options)
    {
        // Through env, which gives the run SIGINT's default handling: a test host started in the
        // background (as CI may start it) would otherwise pass SIGINT on ignored.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "testbed.dll"), "run", experiment, "--out", output, .. options])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[RuntimeRoot.EnvironmentVariable] = runtimeRoot;

        // Its results database beside the runtime root, as TestbedCommand's: never the repository's.
        start.Environment["TESTBED_RESULTS_DIR"] = ScratchRuntimeRoot.ResultsFor(runtimeRoot);
        start.Environment.Remove("TESTBED_RESULTS_DB");
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors?.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls what the run writes: from outside, there is nothing else to wait on.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Process run, TimeSpan? poll = null)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(run.HasExited, $"the run ended (exit code {(run.HasExited ? run.ExitCode : 0)}) before it got there");
            Assert.True(waited.Elapsed < timeout, $"the run did not get there within {timeout.TotalMinutes} min");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>A results file's lines as they are now, read beside the run that appends to it.</summary>
    public static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The namespaces run <paramref name="runId"/> has made so far, from its ledger: what its teardown must remove, whatever else runs on the machine.</summary>
    public static IReadOnlyList<string> Namespaces(string runtimeRoot, string runId) =>
        [.. ResourceLedger.Read(Path.Combine(runtimeRoot, runId, "resources.jsonl")).Where(r => r.Kind == LabResourceKind.Namespace).Select(r => r.Name)];

    /// <summary>Those of <paramref name="namespaces"/> that still exist.</summary>
    public static async Task<IReadOnlyList<string>> StillThereAsync(IEnumerable<string> namespaces)
    {
        var existing = await IpRoute.ListNamespacesAsync();
        return [.. namespaces.Where(existing.Contains)];
    }

    /// <summary>The run's id, from its environment.json, once written; null before.</summary>
    public static string? RunId(string output)
    {
        try
        {
            var path = Path.Combine(output, "environment.json");
            return File.Exists(path) ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))?["run_id"]?.GetValue<string>() : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The live process that run <paramref name="runId"/> tracks under <paramref name="name"/> (its pid file), or null while there is none.</summary>
    public static ProcessIdentity? Tracked(string runtimeRoot, string runId, string name)
    {
        var pidFile = Path.Combine(runtimeRoot, runId, "pids", name + ".pid");
        try
        {
            return File.Exists(pidFile) && ProcessIdentity.TryParse(File.ReadAllText(pidFile).Trim(), out var identity) && identity!.IsAlive ? identity : null;
        }
        catch (IOException)
        {
            // Being replaced or removed.
            return null;
        }
    }
}
