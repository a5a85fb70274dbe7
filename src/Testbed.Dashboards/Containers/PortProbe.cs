using System.Net;
using System.Net.Sockets;

namespace Testbed.Dashboards.Containers;

/// <summary>Whether a TCP port can still be bound on the host: the engine's port publishing needs exactly that.</summary>
internal static class PortProbe
{
    public static bool IsFree(string hostIp, int port)
    {
        var address = string.IsNullOrEmpty(hostIp) ? IPAddress.Any : IPAddress.Parse(hostIp);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException failure) when (failure.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
    }
}
