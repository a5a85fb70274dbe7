using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Services;

/// <summary>
/// TCP, one line per request and one per reply, after the configured service time. Lines
/// starting with '!' are control lines (<see cref="ControlLine"/>). Connections are
/// independent, each on a thread of its own, and a persistent one survives a migration
/// because the VM keeps its address.
/// </summary>
internal sealed class RequestResponseServer(GuestState state, ControlCommands commands, TimeSpan serviceTime)
{
    /// <summary>Listens at once, so that a port in use fails the guest's start, then accepts on a thread of its own.</summary>
    public void Start()
    {
        var listener = new TcpListener(IPAddress.Any, ServicePorts.RequestResponse);
        listener.Start(backlog: 512);
        ServiceThreads.Start("request-accept", () => Accept(listener));
    }

    private void Accept(TcpListener listener)
    {
        using var _ = listener.Server;
        while (true)
        {
            var client = listener.AcceptTcpClient();
            ServiceThreads.StartConnection("request-connection", () => Serve(client));
        }
    }

    /// <summary>One thread per connection, blocked in read: a request wakes only the thread that answers it.</summary>
    private void Serve(TcpClient client)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream);
                using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                while (reader.ReadLine() is { } line)
                {
                    writer.WriteLine(Answer(line));
                }
            }
            catch (IOException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private string Answer(string line)
    {
        if (line.StartsWith(ControlLine.Marker))
        {
            return commands.Apply(line[1..]);
        }

        if (serviceTime > TimeSpan.Zero)
        {
            Work(serviceTime);
        }

        return new ServiceReply(state.Name, state.CountRequest()).ToLine();
    }

    /// <summary>
    /// The service time as CPU work, timed by the monotonic clock: a sleep (Task.Delay) wakes
    /// a millisecond or more late, several under TCG, and that would add to every response
    /// time the users measure. Busy requests share the guest's vCPUs, as a real service's would.
    /// </summary>
    private static void Work(TimeSpan duration)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(20);
        }
    }
}
