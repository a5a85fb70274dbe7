namespace Testbed.Workload.Records;

/// <summary>Why an established persistent connection broke.</summary>
public enum BrokenReason
{
    /// <summary>"eof": the service closed the connection (a FIN) while the user still held it.</summary>
    Eof,

    /// <summary>"reset": the connection was reset (a RST, or a send on a connection the other end had dropped).</summary>
    Reset,

    /// <summary>"timeout": a request on it got no answer within the timeout, so the client gave it up.</summary>
    Timeout,

    /// <summary>"unreachable": the network reported the service unreachable.</summary>
    Unreachable,

    /// <summary>"error": anything else, such as an answer that is not a reply.</summary>
    Error,
}
