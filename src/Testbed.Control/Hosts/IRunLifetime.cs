namespace Testbed.Control.Hosts;

/// <summary>The run as a whole, as the grains wait on it.</summary>
public interface IRunLifetime
{
    /// <summary>Cancelled when the run is aborted: every long wait of the run watches it.</summary>
    CancellationToken Stopping { get; }
}
