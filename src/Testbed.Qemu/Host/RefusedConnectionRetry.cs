using System.Net.Sockets;
using Testbed.Lab.Timing;

namespace Testbed.Qemu.Host;

/// <summary>
/// Connects to a Unix socket that a process has bound but may not listen on yet: QEMU binds
/// its QMP socket, and the file is there, a moment before it listens, and a connection in
/// between is refused. A refusal is tried again while the process runs and the time lasts;
/// any other failure, or a refusal once the process has gone, is the caller's.
/// </summary>
internal static class RefusedConnectionRetry
{
    public static Task<T> ConnectAsync<T>(
        Func<CancellationToken, Task<T>> connect, Func<bool> processRuns, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
        where T : class
    {
        SocketException? refusal = null;
        return WaitUntil.FoundAsync<T>(
            async token =>
            {
                try
                {
                    return await connect(token);
                }
                catch (SocketException refused) when (refused.SocketErrorCode == SocketError.ConnectionRefused && processRuns())
                {
                    refusal = refused;
                    return null;
                }
            },
            timeout, pollInterval, () => refusal!, cancellationToken: cancellationToken);
    }
}
