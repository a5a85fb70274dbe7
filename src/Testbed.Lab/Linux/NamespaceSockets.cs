using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Testbed.Lab.Linux;

/// <summary>
/// Sockets that live in a named network namespace, used from this process. A socket
/// belongs to the namespace of the thread that created it, so a dedicated thread enters
/// the namespace (setns), creates the socket and ends; the socket can then be used from
/// any thread. No helper process, no shell.
/// </summary>
public static partial class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;

    public static Socket Create(string netns, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{netns}");
                if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"cannot enter namespace {netns}: {Marshal.GetLastPInvokeErrorMessage()}");
                }

                socket = new Socket(family, type, protocol);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = $"netns {netns}" };
        thread.Start();
        thread.Join();
        return failure is null ? socket! : throw new InvalidOperationException($"cannot open a socket in namespace {netns}: {failure.Message}", failure);
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int namespaceType);
}
