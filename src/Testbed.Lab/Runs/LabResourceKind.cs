namespace Testbed.Lab.Runs;

/// <summary>The kinds of network object a run creates and clean-up must remove.</summary>
public enum LabResourceKind
{
    /// <summary>A named network namespace (ip netns).</summary>
    Namespace,

    /// <summary>Any interface: bridge, tap, veth, tun, vxlan. Removing one end of a veth removes both.</summary>
    Link,

    /// <summary>A name tag the run holds in the runtime root's reservations (its name is the file's path).</summary>
    NameReservation,
}
