using Testbed.Lab.Runs;
using Testbed.Workload.Clients;

namespace Testbed.Control.Hosts;

/// <summary>A testbed-client as the run's tracked process.</summary>
public sealed class TrackedClientProcess(TrackedProcess process, Func<string> logTail) : IClientProcess
{
    public int Pid => process.Pid;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public Task SendAsync(ClientCommand command, CancellationToken cancellationToken)
    {
        if (command is StopCommand)
        {
            // A client told to stop ends by itself once its last requests are answered.
            process.ExpectExit();
        }

        return process.SendLineAsync(command.Line, cancellationToken);
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public string LogTail() => logTail();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
