using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Probing;

namespace Testbed.Workload.Tests.Probing;

public sealed class ContinuousProberTests
{
    /// <summary>
    /// The stream reads an echo only at its next send, an interval after the echo came. The
    /// round trip must still end when the kernel received the echo: on loopback it is far
    /// shorter than the interval, and would be about the interval if the read's instant were
    /// used.
    /// </summary>
    [Fact]
    public async Task A_round_trip_ends_when_the_echo_arrived_not_when_it_was_read()
    {
        var interval = TimeSpan.FromMilliseconds(400);
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var echoing = Task.Run(() => Echo(echo));
        var outcomes = new ConcurrentQueue<ProbeOutcome>();
        var threeReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using (var stream = new ContinuousProber(socket, () => echo.LocalEndPoint!, interval, 10, outcome =>
        {
            outcomes.Enqueue(outcome);
            if (outcomes.Count >= 3)
            {
                threeReported.TrySetResult();
            }
        }))
        {
            stream.Start();
            await threeReported.Task.WaitAsync(TimeSpan.FromSeconds(30));

            stream.StopSending();
            await stream.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        }

        echo.Close();
        await echoing;
        var all = outcomes.ToList();
        Assert.Equal(all.Select(o => o.Sequence).Order(), all.Select(o => o.Sequence).Distinct().Order());
        Assert.True(all.Count >= 3);
        Assert.All(all, outcome =>
        {
            Assert.True(outcome.Sequence >= 10);
            Assert.NotNull(outcome.RoundTrip);
            Assert.InRange(outcome.RoundTrip!.Value, TimeSpan.Zero, interval / 4);
        });
    }

    /// <summary>
    /// An echo that came after the loss timeout, but was read at once by the next send, is a
    /// loss: a probe is lost by when its echo arrived, not by when the stream looked.
    /// </summary>
    [Fact]
    public async Task An_echo_that_came_after_the_loss_timeout_is_a_loss_even_when_read_before_it_was_reported()
    {
        var late = ContinuousProber.LossTimeout + TimeSpan.FromMilliseconds(200);
        var interval = late + TimeSpan.FromMilliseconds(300);
        using var echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var echoing = Task.Run(() => Echo(echo, late));
        var first = new TaskCompletionSource<ProbeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using (var stream = new ContinuousProber(socket, () => echo.LocalEndPoint!, interval, 0, outcome => first.TrySetResult(outcome)))
        {
            stream.Start();
            var outcome = await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
            stream.StopSending();

            Assert.Equal(0UL, outcome.Sequence);
            Assert.Null(outcome.RoundTrip);
        }

        echo.Close();
        await echoing;
    }

    private static void Echo(Socket socket) => Echo(socket, TimeSpan.Zero);

    /// <summary>Answers every datagram, each <paramref name="after"/> it came: a path that slow.</summary>
    private static void Echo(Socket socket, TimeSpan after)
    {
        var buffer = new byte[64];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                var length = socket.ReceiveFrom(buffer, ref from);
                if (after > TimeSpan.Zero)
                {
                    Thread.Sleep(after);
                }

                socket.SendTo(buffer.AsSpan(0, length), from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
