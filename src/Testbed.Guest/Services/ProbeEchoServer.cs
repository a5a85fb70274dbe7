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
            await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, cancellationToken);
        }
    }
}
