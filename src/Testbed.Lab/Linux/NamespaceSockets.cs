using System.Net.Sockets;
using System.Runtime.ExceptionServices;
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

    public static Socket Create(string? netns, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        try
        {
            // Null: this process's own namespace, as a real host's own network is.
            return netns is null ? new Socket(family, type, protocol) : InsideNamespace(netns, () => new Socket(family, type, protocol));
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"cannot open a socket in namespace {netns}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="create"/> on a fresh thread that has entered the namespace, and
    /// returns what it made. Sockets, TAP file descriptors and anything else bound to a
    /// namespace when created keep that namespace afterwards, on every thread.
    /// </summary>
    public static T InsideNamespace<T>(string netns, Func<T> create)
    {
        T? made = default;
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

                made = create();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = $"netns {netns}" };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return made!;
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int namespaceType);
}
