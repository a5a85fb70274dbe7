namespace Testbed.Control.Contracts.Grains;

/// <summary>
/// One lab machine's stages of a run over several, keyed by its host name and run by that
/// host's silo in the run's cluster: the coordinator's stages call every host's in turn.
/// </summary>
public interface IRunHostGrain : IGrainWithStringKey, IPlacedGrain
{
    Task BuildNetworkAsync();

    /// <summary>Measures the links this host owns; their measured delays, by link index.</summary>
    Task<IReadOnlyDictionary<int, double?>> CalibrateLinksAsync();

    Task StartMechanismAsync(string home);

    /// <summary>Starts this host's run clock at the coordinator's zero, given in UTC ticks of the coordinator's clock.</summary>
    Task StartClockAsync(long coordinatorZeroUtcTicks);

    Task TearDownAsync();

    /// <summary>Sets this host's side of the link between <paramref name="a"/> and <paramref name="b"/>, which it shapes, as the coordinator's timeline changed it.</summary>
    Task SetLinkAsync(string a, string b, LinkSettingChange setting);

    Task SetLinkUpAsync(string a, string b, bool up);
}
