using System.Net.Sockets;
using System.Text;

namespace Testbed.Qemu.Host;

/// <summary>
/// Sends control lines to a guest over its agent channel (a serial port behind a Unix
/// socket), the way a cloud reaches a VM whatever its network state.
/// </summary>
public static class GuestAgent
{
    /// <summary>Sends one control line and returns the guest's answer: "ok" or "error: ...".</summary>
    public static async Task<string> SendAsync(QemuVm vm, string controlLine, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var path = vm.AgentSocket ?? throw new InvalidOperationException($"VM {vm.Options.Name} has no agent channel (start it with Agent = true)");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(controlLine + "\n"), deadline.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                // The guest's port is raw (no echo); a stray blank line is the only thing to skip.
                var answer = line.Trim();
                if (answer.Length > 0)
                {
                    return answer;
                }
            }

            throw new IOException($"VM {vm.Options.Name}'s agent channel closed before the guest answered '{controlLine}'");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"VM {vm.Options.Name}'s guest did not answer '{controlLine}' on its agent channel within {timeout.TotalSeconds:0} s");
        }
    }
}
