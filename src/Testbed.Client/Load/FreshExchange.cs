using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Client.Output;
using Testbed.Client.Sites;
using Testbed.Workload.Records;

namespace Testbed.Client.Load;

/// <summary>
/// One request on a connection of its own: connect, send, read the answer, close. The
/// latency, counted from the scheduled time, includes the handshake, as for a client that
/// does not keep connections.
/// </summary>
internal static class FreshExchange
{
    public static async Task RunAsync(PlannedRequest request, IPEndPoint service, int user, LoadContext context)
    {
        using var timeout = new CancellationTokenSource(request.TimeLeft());
        Socket? socket = null;
        try
        {
            socket = request.From.CreateSocket(SocketType.Stream, ProtocolType.Tcp);
            socket.NoDelay = true;
            request = request.SentNow();
            await socket.ConnectAsync(service, timeout.Token);
            await socket.SendAsync(context.RequestLineBytes, SocketFlags.None, timeout.Token);
            using var reader = new StreamReader(new NetworkStream(socket, ownsSocket: false));
            var line = await reader.ReadLineAsync(timeout.Token);
            var answeredAt = Stopwatch.GetTimestamp();
            if (line is null)
            {
                context.Failed(request, user, ConnectionFailure.ClosedByService.Outcome);
            }
            else if (LoadContext.TryReadReply(line, out var reply))
            {
                context.Answered(request, user, reply, answeredAt);
            }
            else
            {
                context.Failed(request, user, ConnectionFailure.NotAReply.Outcome);
            }
        }
        catch (OperationCanceledException)
        {
            context.Failed(request, user, RequestOutcome.Timeout);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            context.Failed(request, user, ConnectionFailure.Of(e).Outcome);
        }
        catch (InvalidOperationException e)
        {
            // The site's namespace could not be entered (it was deleted under the client).
            ClientLog.Warn($"user {user}: {e.Message}");
            context.Failed(request, user, RequestOutcome.Error);
        }
        finally
        {
            socket?.Dispose();
        }
    }
}
