using System.Runtime.InteropServices;

namespace Testbed.Workload.Timing;

/// <summary>The libc calls behind <see cref="PreciseTimer"/>: an epoll set, which also sleeps to the nanosecond, and an eventfd.</summary>
internal static unsafe partial class TimerCalls
{
    public const int CloseOnExec = 0x80000;
    public const int NonBlocking = 0x800;
    public const uint EpollIn = 0x1;
    public const int EpollAdd = 1;
    public const int EpollDelete = 2;
    public const int PrSetTimerSlack = 29;
    public const int PriorityProcess = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>struct epoll_event, which x86-64 packs: 12 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollControl(int epoll, int operation, int fd, EpollEvent* interest);

    /// <summary>epoll_wait with a timeout in nanoseconds (glibc 2.35, Linux 5.11); a null timeout waits for ever.</summary>
    [LibraryImport("libc", EntryPoint = "epoll_pwait2", SetLastError = true)]
    public static partial int EpollWaitPrecise(int epoll, EpollEvent* events, int maxEvents, TimeSpec* timeout, void* signalMask);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    public static partial int GetThreadId();
}
