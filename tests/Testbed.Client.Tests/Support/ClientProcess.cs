using System.Diagnostics;
using System.Globalization;
using Testbed.Lab.Processes;
using Testbed.Workload.Hosting;
using Testbed.Workload.Records;

namespace Testbed.Client.Tests.Support;

/// <summary>
/// The real testbed-client, started as the host starts it (dotnet testbed-client.dll, inside
/// a namespace with ip netns exec when given one). Its records are parsed as they arrive, and
/// a test waits for the records it expects, never for a fixed time. Disposal kills the
/// process (by its own handle) if the test left it running.
/// </summary>
internal sealed class ClientProcess : IAsyncDisposable
{
    /// <summary>How long any wait may take before the test fails: generous, for a loaded two-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<ClientRecord> _records = [];
    private readonly List<string> _unparsed = [];
    private readonly List<string> _errors = [];
    private readonly Task _readingOutput;
    private readonly Task _readingErrors;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClientProcess(Process process)
    {
        _process = process;
        _readingOutput = ReadAsync(process.StandardOutput, line =>
        {
            if (ClientRecord.TryParse(line, out var record))
            {
                _records.Add(record);
            }
            else
            {
                _unparsed.Add(line);
            }
        });
        _readingErrors = ReadAsync(process.StandardError, _errors.Add);
    }

    /// <summary>
    /// Launches the client. With <paramref name="start"/>, its start command is written at
    /// once, as the host writes it once the client is ready (the client reads it after its
    /// ready record); without, the test sends it.
    /// </summary>
    public static ClientProcess Start(IEnumerable<string> arguments, string? netns = null, bool start = true)
    {
        // Through env, with SIGINT at its default: a suite started as a background job
        // inherits SIGINT ignored, as every job does, and .NET keeps an ignored SIGINT
        // ignored, so the client's own handler would never run and the SIGINT stop test
        // would hang (as it did in a rehearsal started from a script).
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] launcher = netns is null ? ["--default-signal=INT", "dotnet"] : ["--default-signal=INT", "ip", "netns", "exec", netns, "dotnet"];
        foreach (var word in launcher)
        {
            startInfo.ArgumentList.Add(word);
        }

        startInfo.ArgumentList.Add(ClientProgram.Locate());
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var client = new ClientProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("env did not start"));
        if (start)
        {
            client._process.StandardInput.WriteLine("start");
            client._process.StandardInput.Flush();
        }

        return client;
    }

    public IReadOnlyList<ClientRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <summary>Lines of standard output that are not records; a correct client writes none.</summary>
    public IReadOnlyList<string> Unparsed
    {
        get
        {
            lock (_lock)
            {
                return [.. _unparsed];
            }
        }
    }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Waits until the records so far satisfy <paramref name="condition"/>; fails the test, saying what it waited for, if the client exits first or patience runs out.</summary>
    public Task<IReadOnlyList<ClientRecord>> WaitForAsync(string what, Func<IReadOnlyList<ClientRecord>, bool> condition) =>
        WaitForAsync(what, () => Records, condition);

    /// <summary>Waits until the lines on standard error so far satisfy <paramref name="condition"/>, as <see cref="WaitForAsync(string, Func{IReadOnlyList{ClientRecord}, bool})"/> does for records.</summary>
    public Task<IReadOnlyList<string>> WaitForErrorsAsync(string what, Func<IReadOnlyList<string>, bool> condition) =>
        WaitForAsync(what, () => Errors, condition);

    private async Task<IReadOnlyList<T>> WaitForAsync<T>(string what, Func<IReadOnlyList<T>> read, Func<IReadOnlyList<T>, bool> condition)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            IReadOnlyList<T> seen;
            Task changed;
            lock (_lock)
            {
                seen = read();
                changed = _changed.Task;
            }

            if (condition(seen))
            {
                return seen;
            }

            if (_readingOutput.IsCompleted && _readingErrors.IsCompleted)
            {
                Assert.Fail($"the client ended before {what}; stderr: {string.Join(" | ", Errors)}");
            }

            try
            {
                await changed.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no {what} within {Patience.TotalSeconds} s ({Records.Count} records); stderr: {string.Join(" | ", Errors)}");
            }
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends a signal (TERM, INT) to the client by its pid, as the host's process handling would.</summary>
    public Task SignalAsync(string signal) =>
        CommandRunner.RunCheckedAsync("kill", ["-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Closes the client's standard input, as when the host dies.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Sends stop, and returns the exit code once the client has exited and all its output is read.</summary>
    public async Task<int> StopAsync()
    {
        await SendAsync("stop");
        return await ExitCodeAsync();
    }

    /// <summary>The exit code, once the process has exited and its output has been read to the end.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
            await Task.WhenAll(_readingOutput, _readingErrors).WaitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // What the client had done by then, to tell a stop it never saw from one it hangs in.
            var records = Records;
            Assert.Fail($"the client did not exit within {Patience.TotalSeconds} s ({(_process.HasExited ? "exited, its output not closed" : "still running")}; "
                + $"{records.Count} records, the last {(records.Count == 0 ? "none" : records[^1].ToLine())}); stderr: {string.Join(" | ", Errors)}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Task.WhenAll(_readingOutput, _readingErrors);
        _process.Dispose();
    }

    private async Task ReadAsync(StreamReader reader, Action<string> keep)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_lock)
            {
                keep(line);
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        lock (_lock)
        {
            _changed.TrySetResult();
        }
    }
}
