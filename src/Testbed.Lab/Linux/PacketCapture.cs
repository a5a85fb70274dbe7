using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Testbed.Lab.Linux;

/// <summary>
/// Every frame that crosses one interface of a namespace, in both directions, with the
/// time this process saw it: a packet socket (AF_PACKET) bound to that interface, read on
/// a task of its own. Each frame goes to the callback as it comes, in a buffer that is
/// reused for the next, so the callback reads what it needs at once. No tcpdump, no file. The times are the host's clock when the frame was read, so they lag the wire
/// by the reading task's wake-up, well under a millisecond on an idle core.
/// </summary>
public sealed partial class PacketCapture : IDisposable
{
    private const int AfPacket = 17;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const ushort EthPAll = 0x0003;
    private const int SockaddrLlSize = 20;
    private const int SolPacket = 263;
    private const int PacketIgnoreOutgoing = 23;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private PacketCapture(Socket socket, Action<DateTimeOffset, ReadOnlyMemory<byte>> onFrame)
    {
        _socket = socket;
        _reading = Task.Run(() => ReadAsync(onFrame, _stop.Token));
    }

    /// <summary>Captures on <paramref name="device"/> of namespace <paramref name="netns"/> from now until disposed.</summary>
    /// <param name="incomingOnly">Leave out the frames the device sends: half the wake-ups for a watch that needs only what arrives.</param>
    public static PacketCapture Start(string netns, string device, Action<DateTimeOffset, ReadOnlyMemory<byte>> onFrame, bool incomingOnly = false)
    {
        var protocol = BinaryPrimitives.ReverseEndianness(EthPAll);
        var (fd, index) = NamespaceSockets.InsideNamespace(netns, () =>
        {
            var index = InterfaceIndex(device);
            if (index == 0)
            {
                throw new InvalidOperationException($"no interface {device} in namespace {netns}");
            }

            var fd = OpenSocket(AfPacket, SockRaw | SockCloexec, protocol);
            return fd < 0 ? throw new InvalidOperationException($"cannot open a packet socket in {netns}: {Marshal.GetLastPInvokeErrorMessage()}") : (fd, index);
        });

        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            // struct sockaddr_ll: family, protocol (network order), ifindex, then fields bind ignores.
            var address = new byte[SockaddrLlSize];
            BinaryPrimitives.WriteUInt16LittleEndian(address, AfPacket);
            BinaryPrimitives.WriteUInt16LittleEndian(address.AsSpan(2), protocol);
            BinaryPrimitives.WriteInt32LittleEndian(address.AsSpan(4), index);
            if (Bind(fd, address, address.Length) != 0)
            {
                throw new InvalidOperationException($"cannot capture on {device} in {netns}: {Marshal.GetLastPInvokeErrorMessage()}");
            }

            var on = 1;
            if (incomingOnly && SetOption(fd, SolPacket, PacketIgnoreOutgoing, ref on, sizeof(int)) != 0)
            {
                throw new InvalidOperationException($"cannot leave out outgoing frames on {device} in {netns}: {Marshal.GetLastPInvokeErrorMessage()}");
            }

            return new PacketCapture(new Socket(handle), onFrame);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _reading.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The reader ended on its cancellation or a closed socket: both are the end we asked for.
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(Action<DateTimeOffset, ReadOnlyMemory<byte>> onFrame, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            onFrame(DateTimeOffset.UtcNow, buffer.AsMemory(0, length));
        }
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int OpenSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, byte[] address, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetOption(int fd, int level, int name, ref int value, int length);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int InterfaceIndex(string name);
}
