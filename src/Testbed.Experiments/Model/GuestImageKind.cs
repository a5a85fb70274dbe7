namespace Testbed.Experiments.Model;

/// <summary>Which guest image a service boots: the small default one, or the tools image with iperf3.</summary>
public enum GuestImageKind
{
    Default,
    Tools,
}
