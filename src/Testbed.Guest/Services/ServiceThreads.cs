namespace Testbed.Guest.Services;

/// <summary>
/// The guest's services run on threads of their own that block in the kernel, so that a
/// request or a probe wakes exactly one thread. Under TCG each wake-up and every line of
/// runtime code on the way costs the guest's vCPU, and after a migration all of that code
/// is translated again. A service that ends, for whatever reason, ends the guest loudly.
/// </summary>
internal static class ServiceThreads
{
    /// <summary>Enough for a blocking read loop; the default 1.5 MiB would be reserved per connection.</summary>
    public const int StackBytes = 256 * 1024;

    private static readonly TaskCompletionSource Stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes, with its failure, when the first service stops.</summary>
    public static Task FirstStopped => Stopped.Task;

    /// <summary>Runs <paramref name="service"/> on a new background thread; its end, or its exception, ends <see cref="FirstStopped"/>.</summary>
    public static void Start(string name, Action service)
    {
        var thread = new Thread(() =>
        {
            try
            {
                service();
                Stopped.TrySetException(new InvalidOperationException($"{name} stopped"));
            }
            catch (Exception failure)
            {
                Stopped.TrySetException(new InvalidOperationException($"{name} stopped: {failure.Message}", failure));
            }
        }, StackBytes) { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>Runs one connection's loop on its own thread; its end is the connection's, not the guest's.</summary>
    public static void StartConnection(string name, Action connection) =>
        new Thread(() => connection(), StackBytes) { IsBackground = true, Name = name }.Start();
}
