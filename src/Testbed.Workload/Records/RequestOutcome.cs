namespace Testbed.Workload.Records;

/// <summary>How one request ended, as a user would tell it.</summary>
public enum RequestOutcome
{
    /// <summary>"ok": the service answered with a valid reply.</summary>
    Ok,

    /// <summary>"timeout": no answer within the client's --timeout-ms of the scheduled send time.</summary>
    Timeout,

    /// <summary>"refused": the connection was refused (nothing listens there, or a RST to the SYN).</summary>
    Refused,

    /// <summary>"reset": the connection was reset or closed by the other end before the answer came.</summary>
    Reset,

    /// <summary>"unreachable": the network said there is no route to the service (ICMP unreachable, no route).</summary>
    Unreachable,

    /// <summary>"error": anything else, such as an answer that is not a reply.</summary>
    Error,
}
