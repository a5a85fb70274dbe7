using System.ComponentModel;
using CliWrap;
using CliWrap.Buffered;

namespace Testbed.Lab.Processes;

/// <summary>
/// Runs short commands to completion (ip, tc, version queries). Long-lived processes go
/// through <see cref="Runs.RunDirectory.StartProcess"/> instead, so that they get a pid file.
/// </summary>
public static class CommandRunner
{
    /// <summary>Which Debian package brings each program we call, for the one-line error when it is missing.</summary>
    private static readonly Dictionary<string, string> PackageOf = new(StringComparer.Ordinal)
    {
        ["ip"] = "iproute2",
        ["tc"] = "iproute2",
        ["bridge"] = "iproute2",
        ["iptables"] = "iptables",
        ["qemu-system-x86_64"] = "qemu-system-x86",
        ["mn"] = "mininet",
        ["ping"] = "iputils-ping",
        ["iperf3"] = "iperf3",
        ["dockerd"] = "docker.io",
        ["docker"] = "docker.io",
    };

    /// <summary>Runs the command and returns its result whatever the exit code; throws only when the program is missing or time runs out.</summary>
    public static Task<CommandResult> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        RunAsync(program, arguments, null, timeout, cancellationToken);

    /// <summary>As <see cref="RunAsync(string, IEnumerable{string}, TimeSpan, CancellationToken)"/>, with <paramref name="standardInput"/> fed to the program.</summary>
    public static async Task<CommandResult> RunAsync(
        string program, IEnumerable<string> arguments, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var result = await Cli.Wrap(program)
                .WithArguments(arguments)
                .WithStandardInputPipe(standardInput is null ? PipeSource.Null : PipeSource.FromString(standardInput))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeoutSource.Token);
            return new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (Win32Exception)
        {
            throw Missing(program);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>The error for a program that is not installed, naming the package that brings it.</summary>
    public static ProgramMissingException Missing(string program) =>
        new(program, PackageOf.GetValueOrDefault(Path.GetFileName(program), Path.GetFileName(program)));

    /// <summary>Runs the command and throws <see cref="CommandFailedException"/> unless it exits 0.</summary>
    public static async Task<CommandResult> RunCheckedAsync(
        string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(program, arguments, TimeSpan.FromSeconds(30), cancellationToken);
        return result.Succeeded
            ? result
            : throw new CommandFailedException($"{program} {string.Join(' ', arguments)}", result);
    }
}
