using System.Runtime.InteropServices;
using System.Text;
using Testbed.Lab.Linux;

namespace Testbed.Lab.Linux;

/// <summary>
/// A TAP interface (Ethernet frames), or a TUN interface (IP packets), in a network
/// namespace, held open by this process. What the namespace sends out of the interface is
/// read here; what is written here arrives on it.
/// It is not persistent: when the descriptor closes, even because the process died, the
/// kernel removes the interface, so a crashed emulator leaves no interface behind.
/// </summary>
public sealed unsafe class TapDevice : IDisposable
{
    /// <summary>_IOW('T', 202, int).</summary>
    private const uint TunSetInterface = 0x400454ca;

    /// <summary>_IOW('T', 208, unsigned int).</summary>
    private const uint TunSetOffload = 0x400454d0;

    private const short TunMode = 0x0001;
    private const short TapMode = 0x0002;
    private const short NoPacketInformation = 0x1000;
    private const short VirtioNetHeader = 0x4000;

    /// <summary>TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN: what this reader takes whole from the kernel.</summary>
    private const uint TcpOffloads = 0x01 | 0x02 | 0x04 | 0x08;

    /// <summary>TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO_ECN: an IPv4 router's share of <see cref="TcpOffloads"/>.</summary>
    private const uint Ipv4TcpOffloads = 0x01 | 0x02 | 0x08;

    /// <summary>TUN_F_USO4 | TUN_F_USO6 (Linux 6.2 and later).</summary>
    private const uint UdpOffloads = 0x20 | 0x40;
    private const int InterfaceRequestSize = 40;
    private const int InterfaceNameSize = 16;

    private int _fd;

    private TapDevice(string name, string? netns, int fd)
    {
        Name = name;
        Netns = netns;
        _fd = fd;
    }

    public string Name { get; }

    public string? Netns { get; }

    public int Descriptor => Volatile.Read(ref _fd);

    public static TapDevice Open(string name, string? netns) => Open(name, netns, TapMode);

    /// <summary>
    /// A TAP interface whose frames carry a virtio-net header (<see cref="VnetHeader"/>), and
    /// that takes checksum and segmentation offloads: the kernel hands over a TCP (or, where
    /// it can, UDP) segment of up to 64 KiB whole, with its checksum left to whoever
    /// receives it, instead of 45 frames. Written to another such interface, it arrives whole
    /// as well. One read and one write then carry what would otherwise take 90 system calls.
    /// </summary>
    public static TapDevice OpenWithOffloads(string name, string? netns)
    {
        var device = Open(name, netns, TapMode | VirtioNetHeader);
        if (LinuxIo.Ioctl(device.Descriptor, TunSetOffload, (void*)(TcpOffloads | UdpOffloads)) != 0
            && LinuxIo.Ioctl(device.Descriptor, TunSetOffload, (void*)TcpOffloads) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            device.Dispose();
            throw new InvalidOperationException($"cannot turn on the offloads of TAP {name}: {error}");
        }

        return device;
    }

    /// <summary>A TUN interface: IP packets, no Ethernet header, no packet-information prefix.</summary>
    public static TapDevice OpenTun(string name, string? netns) => Open(name, netns, TunMode);

    /// <summary>
    /// A TUN interface whose packets carry a <see cref="VnetHeader"/> and that takes IPv4 TCP
    /// checksum and segmentation offloads: a TCP super-packet of up to 64 KiB is read, and
    /// written back, whole.
    /// </summary>
    public static TapDevice OpenTunWithOffloads(string name, string? netns)
    {
        var device = Open(name, netns, TunMode | VirtioNetHeader);
        if (LinuxIo.Ioctl(device.Descriptor, TunSetOffload, (void*)Ipv4TcpOffloads) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            device.Dispose();
            throw new InvalidOperationException($"cannot turn on the offloads of TUN {name}: {error}");
        }

        return device;
    }

    private static TapDevice Open(string name, string? netns, short mode)
    {
        if (Encoding.ASCII.GetByteCount(name) >= InterfaceNameSize)
        {
            throw new ArgumentException($"interface name '{name}' is longer than Linux allows ({InterfaceNameSize - 1} characters)", nameof(name));
        }

        // The interface is made in the namespace the descriptor was opened in.
        var fd = netns is null ? OpenCloneDevice() : NamespaceSockets.InsideNamespace(netns, OpenCloneDevice);
        byte* request = stackalloc byte[InterfaceRequestSize];
        new Span<byte>(request, InterfaceRequestSize).Clear();
        Encoding.ASCII.GetBytes(name, new Span<byte>(request, InterfaceNameSize));
        *(short*)(request + InterfaceNameSize) = (short)(mode | NoPacketInformation);
        if (LinuxIo.Ioctl(fd, TunSetInterface, request) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            _ = LinuxIo.Close(fd);
            throw new InvalidOperationException($"cannot create {((mode & TapMode) != 0 ? "TAP" : "TUN")} {name}{(netns is null ? "" : $" in {netns}")}: {error}");
        }

        return new TapDevice(name, netns, fd);
    }

    /// <summary>Waits until a packet can be read, at most <paramref name="timeoutMs"/>; false on timeout.</summary>
    public bool WaitReadable(int timeoutMs)
    {
        var poll = new LinuxIo.PollFd { Fd = Descriptor, Events = LinuxIo.PollIn };
        return LinuxIo.Poll(&poll, 1, timeoutMs) > 0 && (poll.ReturnedEvents & LinuxIo.PollIn) != 0;
    }

    /// <summary>Reads one packet (or frame), or returns 0 when none is waiting.</summary>
    public int Read(Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            var length = LinuxIo.Read(Descriptor, pointer, (nuint)buffer.Length);
            return length > 0 ? (int)length : 0;
        }
    }

    /// <summary>Writes one packet (or frame); false when the kernel refused it.</summary>
    public bool Write(ReadOnlySpan<byte> packet)
    {
        fixed (byte* pointer = packet)
        {
            return LinuxIo.Write(Descriptor, pointer, (nuint)packet.Length) == packet.Length;
        }
    }

    private static int OpenCloneDevice()
    {
        var fd = LinuxIo.Open("/dev/net/tun", LinuxIo.OpenReadWrite | LinuxIo.OpenNonBlocking | LinuxIo.OpenCloseOnExec);
        return fd >= 0 ? fd : throw new InvalidOperationException($"cannot open /dev/net/tun: {Marshal.GetLastPInvokeErrorMessage()} (is the tun module loaded?)");
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = LinuxIo.Close(fd);
        }
    }
}
