using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Services;

/// <summary>
/// UDP echo: every datagram goes back unchanged to its sender, at once. One thread blocks
/// in recvfrom and answers with sendto: one wake-up per probe, and a short path for TCG to
/// translate again after a migration. An async loop (the runtime's epoll thread, then a
/// thread-pool worker) took two wake-ups per probe.
/// </summary>
internal static class ProbeEchoServer
{
    /// <summary>Binds at once, so that a port in use fails the guest's start, then serves on a thread of its own.</summary>
    public static void Start()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Any, ServicePorts.ProbeEcho));
        ServiceThreads.Start("probe-echo", () => Serve(socket));
    }

    private static void Serve(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[2048];
            var sender = new SocketAddress(AddressFamily.InterNetwork);
            while (true)
            {
                var received = socket.ReceiveFrom(buffer, SocketFlags.None, sender);
                try
                {
                    socket.SendTo(buffer.AsSpan(0, received), SocketFlags.None, sender);
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
}
