using Testbed.Workload.Clients;

namespace Testbed.Control.Hosts;

/// <summary>One running testbed-client, commanded on its standard input.</summary>
public interface IClientProcess : IAsyncDisposable
{
    int Pid { get; }

    bool HasExited { get; }

    int ExitCode { get; }

    Task SendAsync(ClientCommand command, CancellationToken cancellationToken);

    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>The last lines it wrote on standard error, for an error message.</summary>
    string LogTail();
}
