using Testbed.Guest.Boot;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Services;

/// <summary>
/// The hypervisor's way in, like a cloud's guest agent: control lines on the second serial
/// port, which QEMU connects to a Unix socket on the host. It works whatever the guest's
/// address, so it is how a re-addressed VM learns its new address.
/// </summary>
internal static class AgentChannel
{
    public const string Device = "/dev/ttyS1";

    /// <summary>Serves the port on a thread of its own until the guest stops; nothing when there is no such port.</summary>
    public static void Start(ControlCommands commands)
    {
        if (!File.Exists(Device))
        {
            return;
        }

        new Thread(() => Serve(commands)) { IsBackground = true, Name = "agent" }.Start();
    }

    /// <summary>
    /// No echo, no line editing, no newline translation, and 115200 baud instead of the
    /// kernel's 9600: QEMU times the emulated UART by its divisor, and at 9600 a line takes
    /// tens of milliseconds, which would land in the downtime of a re-addressing move.
    /// </summary>
    private static unsafe void MakeRaw(FileStream port)
    {
        var fd = (int)port.SafeFileHandle.DangerousGetHandle();
        var termios = stackalloc byte[Libc.TermiosSize];
        if (Libc.TcGetAttr(fd, termios) != 0)
        {
            throw new IOException($"tcgetattr {Device}: {Libc.LastError()}");
        }

        Libc.CfMakeRaw(termios);
        if (Libc.CfSetSpeed(termios, Libc.Baud115200) != 0 || Libc.TcSetAttr(fd, 0, termios) != 0)
        {
            throw new IOException($"tcsetattr {Device}: {Libc.LastError()}");
        }
    }

    private static void Serve(ControlCommands commands)
    {
        try
        {
            using var port = new FileStream(Device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 1);
            MakeRaw(port);
            using var reader = new StreamReader(port);
            using var writer = new StreamWriter(port) { AutoFlush = true, NewLine = "\n" };
            while (reader.ReadLine() is { } line)
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith(ControlLine.Marker))
                {
                    writer.WriteLine(commands.Apply(trimmed[1..]));
                }
            }
        }
        catch (IOException failure)
        {
            Console.WriteLine($"testbed-guest: agent channel closed: {failure.Message}");
        }
    }
}
