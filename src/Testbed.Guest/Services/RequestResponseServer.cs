using System.Net;
using System.Net.Sockets;
using Testbed.Workload.Protocol;

namespace Testbed.Guest.Services;

/// <summary>
/// TCP, one line per request and one per reply, after the configured service time. Lines
/// starting with '!' are control lines (<see cref="ControlLine"/>). Connections are
/// independent, and a persistent one survives a migration because the VM keeps its address.
/// </summary>
internal sealed class RequestResponseServer(GuestState state, ControlCommands commands, TimeSpan serviceTime)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Any, ServicePorts.RequestResponse);
        listener.Start(backlog: 512);
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            _ = ServeAsync(client, cancellationToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            client.NoDelay = true;
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream);
                using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    await writer.WriteLineAsync(await AnswerAsync(line, cancellationToken));
                }
            }
            catch (IOException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private async Task<string> AnswerAsync(string line, CancellationToken cancellationToken)
    {
        if (line.StartsWith(ControlLine.Marker))
        {
            return commands.Apply(line[1..]);
        }

        if (serviceTime > TimeSpan.Zero)
        {
            await Task.Delay(serviceTime, cancellationToken);
        }

        return new ServiceReply(state.Name, state.CountRequest()).ToLine();
    }
}
