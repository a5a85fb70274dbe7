using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Testbed.Workload.Probing;

/// <summary>
/// Datagrams with the instant the kernel took them in (SO_TIMESTAMPNS), not the instant a
/// thread got round to reading them. A reader that reads late, or in batches, still knows
/// when each one came: it need not wake for every datagram, and its wake-up lateness is not
/// counted in a round trip. The kernel stamps by the wall clock; a stamp is turned into a
/// <see cref="Stopwatch"/> timestamp by its age on the wall clock at the read, so that a
/// clock step between two reads moves no stamp by more than the step taken during one.
/// </summary>
internal static unsafe partial class TimestampedReceive
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int MessageDontWait = 0x40;
    private const int WouldBlock = 11;

    /// <summary>Room for one cmsghdr (16 bytes on x86-64) and its struct timespec.</summary>
    private const int ControlSize = 64;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>Asks the kernel to stamp every datagram <paramref name="socket"/> receives from now on.</summary>
    public static void Enable(Socket socket) => socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));

    /// <summary>
    /// Takes the next datagram waiting, without blocking: its length, and the
    /// <see cref="Stopwatch"/> timestamp at which the kernel received it (the read's own
    /// instant when the kernel gave no stamp). False when none is waiting.
    /// </summary>
    /// <exception cref="IOException">An error the socket held, such as an ICMP unreachable; reading it cleared it.</exception>
    public static bool TryReceive(Socket socket, Span<byte> buffer, out int length, out long arrivedTimestamp)
    {
        var control = stackalloc byte[ControlSize];
        nint received;
        fixed (byte* data = buffer)
        {
            var vector = new IoVector { Base = data, Length = (nuint)buffer.Length };
            var header = new MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = ControlSize };
            received = ReceiveMessage((int)socket.Handle, &header, MessageDontWait);
            length = received < 0 ? 0 : (int)received;
            arrivedTimestamp = Stopwatch.GetTimestamp();
            if (received >= 0 && header.ControlLength >= (nuint)(sizeof(ControlHeader) + sizeof(TimeSpec)))
            {
                var first = (ControlHeader*)control;
                if (first->Level == SolSocket && first->Type == SoTimestampNs)
                {
                    var stamp = (TimeSpec*)(control + sizeof(ControlHeader));
                    var ageTicks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks - ((stamp->Seconds * TimeSpan.TicksPerSecond) + (stamp->Nanoseconds / 100));
                    arrivedTimestamp -= (long)(Math.Max(0, ageTicks) * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);
                }
            }
        }

        if (received >= 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        return error == WouldBlock ? false : throw new IOException($"receive failed: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);
}
