using Orleans.Concurrency;

namespace Testbed.Control.Contracts.Grains;

/// <summary>One group of users, keyed by its name: one testbed-client process that sends its requests and probes.</summary>
public interface IUserGroupGrain : IGrainWithStringKey
{
    /// <summary>Starts the client process and returns once it is ready: started up, its code compiled, and not yet sending.</summary>
    Task LaunchAsync();

    /// <summary>The users begin sending, their arrivals counted from now.</summary>
    Task StartAsync();

    /// <summary>Moves the users to <paramref name="site"/>, one by one over <paramref name="overSeconds"/> (0: at once).</summary>
    Task MoveAsync(string site, double overSeconds);

    Task ScaleAsync(int users);

    /// <summary>Tells the client the service's new address (re-addressing); it adopts it when its cached answer expires.</summary>
    Task PublishAddressAsync(string address);

    /// <summary>Where the users are and how they fare; answered even while a command is under way.</summary>
    [AlwaysInterleave]
    Task<GroupProgress> GetProgressAsync();

    /// <summary>Requests per second the group offers from each site now.</summary>
    [AlwaysInterleave]
    Task<GroupDemand> GetDemandAsync();

    /// <summary>Stops sending and waits for the client to write its last records.</summary>
    Task StopAsync();
}
