namespace Testbed.Control.Contracts.Grains;

/// <summary>
/// One run of an experiment, keyed by run id: its phases (network, calibration, VMs,
/// users, timeline, teardown), the timeline clock, and the events it plays.
/// </summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Starts the run and returns at once; <see cref="GetProgressAsync"/> follows it.</summary>
    Task StartAsync();

    Task<RunProgress> GetProgressAsync();

    /// <summary>Stops the timeline early; teardown still runs and every record is kept.</summary>
    Task AbortAsync(string reason);

    /// <summary>After an abort: stops waiting for events still in flight and tears down at once.</summary>
    Task HurryAsync();
}
