using System.Net;
using System.Net.Sockets;
using Testbed.Qemu.Migration;
using Testbed.TestSupport;
using Testbed.Workload.Protocol;

namespace Testbed.Qemu.Tests.Migration;

internal static class MigrationPairExtensions
{
    /// <summary>A persistent request/response connection from the user site.</summary>
    public static async Task<ServiceConnection> ConnectAsync(this MigrationPair pair)
    {
        var socket = pair.UserSocket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(MigrationPair.Service, ServicePorts.RequestResponse)).WaitAsync(TimeSpan.FromSeconds(30));
        return new ServiceConnection(socket);
    }
}
