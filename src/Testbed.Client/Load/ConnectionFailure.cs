using System.Net.Sockets;
using Testbed.Workload.Records;

namespace Testbed.Client.Load;

/// <summary>What a failure means for the requests it took down, and for the connection if it was established.</summary>
internal readonly record struct ConnectionFailure(RequestOutcome Outcome, BrokenReason Reason)
{
    public static readonly ConnectionFailure ClosedByService = new(RequestOutcome.Reset, BrokenReason.Eof);

    public static readonly ConnectionFailure TimedOut = new(RequestOutcome.Timeout, BrokenReason.Timeout);

    public static readonly ConnectionFailure NotAReply = new(RequestOutcome.Error, BrokenReason.Error);

    public static readonly ConnectionFailure Other = new(RequestOutcome.Error, BrokenReason.Error);

    /// <summary>The failure a socket error stands for; stream errors carry it as their inner exception.</summary>
    public static ConnectionFailure Of(Exception exception) => exception switch
    {
        SocketException socket => Of(socket.SocketErrorCode),
        IOException { InnerException: SocketException socket } => Of(socket.SocketErrorCode),
        IOException => ClosedByService,
        _ => Other,
    };

    private static ConnectionFailure Of(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => new(RequestOutcome.Refused, BrokenReason.Reset),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected or SocketError.Disconnecting
            => new(RequestOutcome.Reset, BrokenReason.Reset),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown or SocketError.AddressNotAvailable
            => new(RequestOutcome.Unreachable, BrokenReason.Unreachable),
        SocketError.TimedOut => TimedOut,
        _ => Other,
    };
}
