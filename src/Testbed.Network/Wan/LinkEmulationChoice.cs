namespace Testbed.Network.Wan;

/// <summary>What <see cref="LinkEmulation.Auto"/> becomes, and what a user who asks for netem is told.</summary>
public static class LinkEmulationChoice
{
    /// <summary>
    /// The user-space emulator, on every kernel. It is the one path the suite runs and every
    /// figure was measured on. The netem path's commands are unit-tested as strings, but no
    /// kernel here has sch_netem, so it has never shaped a packet under test; `auto` must not
    /// pick an emulator that no test has seen work.
    /// </summary>
    public const LinkEmulation Auto = LinkEmulation.Userspace;

    /// <summary>The one line printed when netem is asked for by name.</summary>
    public const string NetemUnverified =
        "link emulation 'netem' is unverified: no test has run it on a kernel with sch_netem; calibration still checks every link, and 'userspace' is the tested path";
}
