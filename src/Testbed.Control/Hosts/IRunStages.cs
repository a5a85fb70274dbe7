using Testbed.Results.Records;

namespace Testbed.Control.Hosts;

/// <summary>
/// The parts of a run's set-up and teardown that belong to this host rather than to one
/// grain: its part of the WAN, the links' calibration, the mechanism's processes. The
/// experiment grain calls them in order; each host's silo has its own.
/// </summary>
public interface IRunStages
{
    /// <summary>Builds this host's part of the emulated WAN; says which link emulation was built, and how long it took.</summary>
    Task<BuiltNetwork> BuildNetworkAsync();

    /// <summary>Measures every link against its setting and records the figures; throws, naming the links, when one is out of tolerance.</summary>
    Task CalibrateLinksAsync();

    /// <summary>Starts the run's mechanism with <paramref name="home"/> as the services' first data center; returns what each user site's requests should take to each data center.</summary>
    Task<IReadOnlyList<PathRow>> StartMechanismAsync(string home);

    /// <summary>Readies this process for the timeline while the clients start (its per-record code compiled), so that t = 0 does not pay for it.</summary>
    Task WarmUpAsync();

    /// <summary>Stops every guest, the mechanism and the network, in that order, whatever failed before.</summary>
    Task TearDownAsync();

    /// <summary>
    /// The run's clock has started at <paramref name="zero"/> (this host's time): the other
    /// hosts of a run over several start theirs at the same instant, on their own clocks.
    /// Nothing to do on one host.
    /// </summary>
    Task ClockStartedAsync(DateTimeOffset zero) => Task.CompletedTask;
}
