namespace Testbed.Control.Contracts.Grains;

/// <summary>The run's emulated WAN, keyed by run id: the timeline's link changes go through it.</summary>
public interface IWanGrain : IGrainWithStringKey
{
    /// <summary>Changes the link between <paramref name="a"/> and <paramref name="b"/>, keeping what <paramref name="change"/> leaves null.</summary>
    Task ChangeLinkAsync(string a, string b, LinkSettingChange change);

    /// <summary>Takes the link down (it loses everything) or brings it back as it was.</summary>
    Task SetLinkUpAsync(string a, string b, bool up);
}
