using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Services;

/// <summary>UDP echo: every datagram goes back unchanged to its sender, at once.</summary>
internal static class ProbeEchoServer
{
    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, ServicePorts.ProbeEcho));
        var buffer = new byte[2048];
        EndPoint anyone = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anyone, cancellationToken);
            try
            {
                await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, cancellationToken);
            }
            catch (SocketException)
            {
                // No route for the answer, as in the instant a re-addressed guest has no
                // default route: the answer is lost, as the network would lose it, and the
                // echo goes on. Letting this end the loop silenced the guest for good.
            }
        }
    }
}
