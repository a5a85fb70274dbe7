namespace Testbed.Workload.Protocol;

/// <summary>Where the guest serves, on its service address.</summary>
public static class ServicePorts
{
    /// <summary>TCP request/response, one line each way; also takes control lines.</summary>
    public const int RequestResponse = 7000;

    /// <summary>UDP echo for the fast probe that measures the downtime users see.</summary>
    public const int ProbeEcho = 7001;
}
