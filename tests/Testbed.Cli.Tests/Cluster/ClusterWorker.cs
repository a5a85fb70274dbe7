using System.Collections.Concurrent;
using System.Diagnostics;
using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Cluster;

/// <summary>A `testbed worker` process in an emulated host's namespace; disposing stops it with SIGTERM, as a service manager would.</summary>
internal sealed class ClusterWorker : IAsyncDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClusterWorker(Process process) => _process = process;

    /// <summary>Its pid: `ip netns exec` enters the namespace and then becomes the worker.</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Errors => string.Join('\n', _errors);

    public static async Task<ClusterWorker> StartAsync(string netns, string clusterFile, string host, string runtimeRoot)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["netns", "exec", netns, "dotnet", Path.Combine(AppContext.BaseDirectory, "testbed.dll"), "worker", "--cluster", clusterFile, "--host", host])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[RuntimeRoot.EnvironmentVariable] = runtimeRoot;
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        var worker = new ClusterWorker(Process.Start(start)!);
        worker._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith($"worker {host} joined", StringComparison.Ordinal) == true)
            {
                worker._joined.TrySetResult();
            }
        };
        worker._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                worker._errors.Enqueue(e.Data);
            }
        };
        worker._process.Exited += (_, _) => worker._joined.TrySetException(new InvalidOperationException($"worker {host} exited before it joined: {worker.Errors}"));
        worker._process.EnableRaisingEvents = true;
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        try
        {
            await worker._joined.Task.WaitAsync(JoinTimeout);
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }

        return worker;
    }

    /// <summary>Kills it outright, as a crash or a lost machine would: no leaving in order.</summary>
    public async Task KillAsync()
    {
        if (ProcessIdentity.Of(_process.Id) is { } identity)
        {
            Signals.KillNow(identity);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && ProcessIdentity.Of(_process.Id) is { } identity)
        {
            await Signals.StopAsync(identity, TimeSpan.FromSeconds(30));
        }

        await _process.WaitForExitAsync();

        _process.Dispose();
    }
}
