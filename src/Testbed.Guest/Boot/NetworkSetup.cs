using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Testbed.Guest.Boot;

/// <summary>
/// Configures interfaces with the classic ioctls (there is no `ip` in the guest): MAC,
/// address, netmask, up, and a default route. Structure offsets are those of x86_64 Linux.
/// </summary>
internal static class NetworkSetup
{
    private const nuint SiocGetFlags = 0x8913;
    private const nuint SiocSetFlags = 0x8914;
    private const nuint SiocSetAddress = 0x8916;
    private const nuint SiocSetNetmask = 0x891c;
    private const nuint SiocSetHardwareAddress = 0x8924;
    private const nuint SiocAddRoute = 0x890B;
    private const nuint SiocDeleteRoute = 0x890C;
    private const int NoSuchProcess = 3;
    private const short InterfaceUp = 0x1;
    private const ushort RouteUp = 0x1;
    private const ushort RouteGateway = 0x2;
    private const ushort ArpHardwareEther = 1;

    /// <summary>The first interface that is not loopback, once the driver has registered it.</summary>
    public static string WaitForEthernet(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var name = Directory.Exists("/sys/class/net")
                ? Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName).FirstOrDefault(n => n != "lo")
                : null;
            if (name is not null)
            {
                return name;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("no network interface appeared: is virtio_net in /modules.load?");
            }

            Thread.Sleep(10);
        }
    }

    public static void Configure(string device, IPAddress address, int prefixLength, IPAddress? gateway, byte[]? mac)
    {
        var fd = Libc.Socket(Libc.AfInet, Libc.SockDgram, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket: {Libc.LastError()}");
        }

        try
        {
            SetUp(fd, "lo");
            if (mac is not null)
            {
                var request = InterfaceRequest(device);
                BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(16), ArpHardwareEther);
                mac.CopyTo(request, 18);
                Call(fd, SiocSetHardwareAddress, request, $"set MAC of {device}");
            }

            var addressRequest = InterfaceRequest(device);
            WriteSocketAddress(addressRequest.AsSpan(16), address);
            Call(fd, SiocSetAddress, addressRequest, $"set address of {device}");

            var maskRequest = InterfaceRequest(device);
            WriteSocketAddress(maskRequest.AsSpan(16), Netmask(prefixLength));
            Call(fd, SiocSetNetmask, maskRequest, $"set netmask of {device}");

            SetUp(fd, device);
            if (gateway is not null)
            {
                AddDefaultRoute(fd, gateway);
            }
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>
    /// Moves the interface to another address and gateway, as a DHCP client would after a
    /// move: the old default route goes first (the kernel refuses a second one), then the
    /// address, then the new route. Connections bound to the old address are left to break.
    /// </summary>
    public static void Readdress(string device, IPAddress address, int prefixLength, IPAddress gateway)
    {
        var fd = Libc.Socket(Libc.AfInet, Libc.SockDgram, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket: {Libc.LastError()}");
        }

        try
        {
            DeleteDefaultRoute(fd);
            var addressRequest = InterfaceRequest(device);
            WriteSocketAddress(addressRequest.AsSpan(16), address);
            Call(fd, SiocSetAddress, addressRequest, $"set address of {device}");

            var maskRequest = InterfaceRequest(device);
            WriteSocketAddress(maskRequest.AsSpan(16), Netmask(prefixLength));
            Call(fd, SiocSetNetmask, maskRequest, $"set netmask of {device}");
            AddDefaultRoute(fd, gateway);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    private static unsafe void DeleteDefaultRoute(int fd)
    {
        var route = new byte[120];
        WriteSocketAddress(route.AsSpan(8), IPAddress.Any);
        WriteSocketAddress(route.AsSpan(40), IPAddress.Any);
        fixed (byte* pointer = route)
        {
            // ESRCH: there was none, which is what we want anyway.
            if (Libc.Ioctl(fd, SiocDeleteRoute, pointer) != 0 && Marshal.GetLastPInvokeError() != NoSuchProcess)
            {
                throw new InvalidOperationException($"cannot delete the default route: {Libc.LastError()}");
            }
        }
    }

    private static void SetUp(int fd, string device)
    {
        var request = InterfaceRequest(device);
        Call(fd, SiocGetFlags, request, $"read flags of {device}");
        var flags = BinaryPrimitives.ReadInt16LittleEndian(request.AsSpan(16));
        BinaryPrimitives.WriteInt16LittleEndian(request.AsSpan(16), (short)(flags | InterfaceUp));
        Call(fd, SiocSetFlags, request, $"bring {device} up");
    }

    /// <summary>struct rtentry: dst at 8, gateway at 24, genmask at 40, flags at 56; 120 bytes in all.</summary>
    private static void AddDefaultRoute(int fd, IPAddress gateway)
    {
        var route = new byte[120];
        WriteSocketAddress(route.AsSpan(8), IPAddress.Any);
        WriteSocketAddress(route.AsSpan(24), gateway);
        WriteSocketAddress(route.AsSpan(40), IPAddress.Any);
        BinaryPrimitives.WriteUInt16LittleEndian(route.AsSpan(56), RouteUp | RouteGateway);
        Call(fd, SiocAddRoute, route, $"add default route via {gateway}");
    }

    /// <summary>struct ifreq: the name in the first 16 bytes, the union after; 40 bytes in all.</summary>
    private static byte[] InterfaceRequest(string device)
    {
        var request = new byte[40];
        Encoding.ASCII.GetBytes(device, request.AsSpan(0, 15));
        return request;
    }

    /// <summary>struct sockaddr_in: family, port (0), then the address in network order.</summary>
    private static void WriteSocketAddress(Span<byte> destination, IPAddress address)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, Libc.AfInet);
        address.GetAddressBytes().CopyTo(destination[4..]);
    }

    private static IPAddress Netmask(int prefixLength)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength));
        return new IPAddress(bytes);
    }

    private static unsafe void Call(int fd, nuint request, byte[] argument, string what)
    {
        fixed (byte* pointer = argument)
        {
            if (Libc.Ioctl(fd, request, pointer) != 0)
            {
                throw new InvalidOperationException($"cannot {what}: {Libc.LastError()}");
            }
        }
    }
}
