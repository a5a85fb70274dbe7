using System.Runtime.InteropServices;
using System.Text;
using Testbed.Lab.Linux;

namespace Testbed.Network.Emulation;

/// <summary>
/// A TAP interface in a network namespace, held open by this process. Frames the
/// namespace sends out of the interface are read here; frames written here arrive on it.
/// It is not persistent: when the descriptor closes, even because the process died, the
/// kernel removes the interface, so a crashed emulator leaves no interface behind.
/// </summary>
internal sealed unsafe class TapDevice : IDisposable
{
    /// <summary>_IOW('T', 202, int).</summary>
    private const uint TunSetInterface = 0x400454ca;

    private const short TapMode = 0x0002;
    private const short NoPacketInformation = 0x1000;
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

    public static TapDevice Open(string name, string? netns)
    {
        if (Encoding.ASCII.GetByteCount(name) >= InterfaceNameSize)
        {
            throw new ArgumentException($"interface name '{name}' is longer than Linux allows ({InterfaceNameSize - 1} characters)", nameof(name));
        }

        // The interface is made in the namespace the descriptor was opened in.
        var fd = netns is null ? OpenTun() : NamespaceSockets.InsideNamespace(netns, OpenTun);
        byte* request = stackalloc byte[InterfaceRequestSize];
        new Span<byte>(request, InterfaceRequestSize).Clear();
        Encoding.ASCII.GetBytes(name, new Span<byte>(request, InterfaceNameSize));
        *(short*)(request + InterfaceNameSize) = TapMode | NoPacketInformation;
        if (LinuxIo.Ioctl(fd, TunSetInterface, request) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            _ = LinuxIo.Close(fd);
            throw new InvalidOperationException($"cannot create TAP {name}{(netns is null ? "" : $" in {netns}")}: {error}");
        }

        return new TapDevice(name, netns, fd);
    }

    private static int OpenTun()
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
