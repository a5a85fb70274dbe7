using System.Runtime.InteropServices;

namespace Testbed.Guest.Boot;

/// <summary>The few libc calls early user space needs; there is no other program in the guest to do them.</summary>
internal static unsafe partial class Libc
{
    public const int AfInet = 2;
    public const int SockDgram = 2;
    public const long SysFinitModule = 313;
    public const int EExist = 17;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fileSystemType, nuint flags, string? data);

    /// <summary>syscall(SYS_finit_module, fd, params, flags): glibc has no wrapper for it.</summary>
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    public static partial long Syscall(long number, int fd, byte* parameters, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, byte* argument);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    /// <summary>struct termios of x86_64 glibc: four flag words, the line discipline, 32 control characters, two speeds.</summary>
    public const int TermiosSize = 60;

    /// <summary>B115200, as termios encodes it.</summary>
    public const uint Baud115200 = 0x1002;

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(byte* termios);

    [LibraryImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    public static partial int CfSetSpeed(byte* termios, uint speed);

    public static string LastError() => Marshal.GetLastPInvokeErrorMessage();
}
