namespace Testbed.Workload.Clients;

/// <summary>How a user's requests travel.</summary>
public enum ConnectionMode
{
    /// <summary>One TCP connection per user, kept open; its requests queue on it in order.</summary>
    Persistent,

    /// <summary>A new TCP connection per request, closed after the answer: every latency includes a handshake.</summary>
    Fresh,
}
