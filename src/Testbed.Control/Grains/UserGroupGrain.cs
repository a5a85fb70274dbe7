using System.Net;
using Testbed.Control.Contracts;
using Testbed.Control.Contracts.Grains;
using Testbed.Control.Hosting;
using Testbed.Control.Hosts;
using Testbed.Experiments.Mobility;
using Testbed.Experiments.Model;
using Testbed.Mobility.Plans;
using Testbed.Results.Files;
using Testbed.Results.Records;
using Testbed.Workload.Clients;
using Testbed.Workload.Probing;
using Testbed.Workload.Protocol;
using Testbed.Workload.Records;

namespace Testbed.Control.Grains;

/// <summary>
/// One user group: its testbed-client process, commanded on standard input, and the
/// records it reports on standard output, which go to the run's files as they arrive.
/// </summary>
[CoordinatorPlacement]
public sealed class UserGroupGrain(Experiment experiment, IClientHost clients, IGuestHost guests, IRunRecords records, IRunLifetime run) : Grain, IUserGroupGrain
{
    /// <summary>A client has this long to start up and report that it is ready.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a request may wait for its answer before it counts as timed out.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, string> _userSites = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IClientProcess? _client;
    private string _arrivalSite = "";
    private int _requests;
    private int _failed;

    private UserGroupSpec Group => experiment.UserGroups.Single(g => g.Name == this.GetPrimaryKeyString());

    public async Task LaunchAsync()
    {
        var group = Group;

        // A mobile group's whole plan is known now: its users start where it puts them, and
        // the client is handed every handover before the start, to time with its requests.
        var plan = group.Mobility is null ? null : MobilityPlans.For(experiment, group);
        string FirstSite(int user) => plan?.Users[user].FirstSite ?? group.Site;
        _arrivalSite = FirstSite(0);
        lock (_lock)
        {
            for (var user = 0; user < group.Users; user++)
            {
                _userSites[user] = FirstSite(user);
            }
        }

        var options = new ClientOptions(
            Group: group.Name,
            ServiceAddress: IPAddress.Parse(guests.ServiceAddress(group.Service)),
            FirstSite: Location(_arrivalSite),
            Users: group.Users,
            RatePerUserPerSecond: group.RequestsPerSecondPerUser,
            RequestSize: checked((int)group.RequestBytes),
            Mode: group.Persistent ? ConnectionMode.Persistent : ConnectionMode.Fresh,
            ProbeInterval: experiment.ProbeInterval,
            Seed: experiment.Seed,
            AddressTtl: experiment.ReaddressTtl,
            RequestTimeout: RequestTimeout,
            Port: ServicePorts.RequestResponse,
            ProbePort: ServicePorts.ProbeEcho,
            ProbeProtocol: experiment.Probe);
        _client = clients.Start(group.Name, options, OnRecord);
        var exited = _client.WaitForExitAsync(run.Stopping);
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(ReadyTimeout, run.Stopping);
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"testbed-client for {group.Name} exited at start (exit code {_client.ExitCode}): {_client.LogTail()}");
        }

        if (plan is not null)
        {
            await HandPlanToClientAsync(group, plan);
        }
    }

    private SiteLocation Location(string site) => new(site, clients.SiteNamespace(site));

    /// <summary>Where each user starts, every handover at its time on the run's clock, and the tracks for the map (tracks.csv).</summary>
    private async Task HandPlanToClientAsync(UserGroupSpec group, GroupMobilityPlan plan)
    {
        for (var user = 0; user < group.Users; user++)
        {
            if (plan.Users[user].FirstSite != _arrivalSite)
            {
                await Client().SendAsync(new PlaceCommand(user, Location(plan.Users[user].FirstSite)), run.Stopping);
            }

            foreach (var (runS, position, site) in MobilityPlans.Samples(experiment, plan, user))
            {
                records.Track(new TrackRow(Math.Round(runS, 3), group.Name, user, position.Latitude, position.Longitude, site));
            }
        }

        // Sorted anew on each read of the property: read it once.
        var handovers = plan.Handovers;
        foreach (var handover in handovers)
        {
            var at = TimeSpan.FromMilliseconds(Math.Round(MobilityPlans.RunSeconds(experiment, handover.TimeS) * 1000, 3));
            await Client().SendAsync(new HandoverCommand(at, handover.User, Location(handover.To)), run.Stopping);
        }

        records.Event("mobility-planned", new
        {
            Group = group.Name,
            Model = group.Mobility!.Name,
            group.Users,
            Handovers = handovers.Count,
            experiment.TimeCompression,
        });
    }

    /// <summary>The group-started event follows when the client says it has started (<see cref="StartedRecord"/>).</summary>
    public Task StartAsync() => Client().SendAsync(new StartCommand(), run.Stopping);

    public async Task MoveAsync(string site, double overSeconds)
    {
        _arrivalSite = site;
        await Client().SendAsync(new MoveCommand(new SiteLocation(site, clients.SiteNamespace(site)), TimeSpan.FromMilliseconds(Math.Round(overSeconds * 1000))), run.Stopping);
        records.Event("group-moving", new { Group = Group.Name, To = site, OverS = overSeconds });
    }

    public async Task ScaleAsync(int users)
    {
        await Client().SendAsync(new ScaleCommand(users), run.Stopping);
        records.Event("group-scaling", new { Group = Group.Name, Users = users });
    }

    public async Task PublishAddressAsync(string address)
    {
        await Client().SendAsync(new AddressCommand(IPAddress.Parse(address)), run.Stopping);
        records.Event("address-published", new { Group = Group.Name, Address = address });
    }

    public Task<GroupProgress> GetProgressAsync()
    {
        lock (_lock)
        {
            var bySite = _userSites.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return Task.FromResult(new GroupProgress(Group.Name, bySite, records.RecentMedianMs(Group.Name, TimeSpan.FromSeconds(5)), _requests, _failed));
        }
    }

    /// <summary>
    /// The load the group offers from each site: its users there times their request rate.
    /// Open-loop users send whatever the answers do, so this is what the smart routers see
    /// arrive; counting answered requests instead would make an overloaded service look idle.
    /// </summary>
    public Task<GroupDemand> GetDemandAsync()
    {
        lock (_lock)
        {
            var bySite = _userSites.Values.GroupBy(s => s)
                .ToDictionary(g => g.Key, g => g.Count() * Group.RequestsPerSecondPerUser, StringComparer.Ordinal);
            return Task.FromResult(new GroupDemand(Group.Name, Group.Service, bySite));
        }
    }

    public async Task StopAsync()
    {
        if (_client is null || _client.HasExited)
        {
            return;
        }

        try
        {
            await _client.SendAsync(new StopCommand(), CancellationToken.None);

            // The client waits for its outstanding requests, up to their timeout, then writes its last records.
            await _client.WaitForExitAsync(CancellationToken.None).WaitAsync(RequestTimeout + TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            records.Event("error", new { Message = $"{Group.Name}'s client did not stop by itself: {e.Message}" });
        }
        finally
        {
            await _client.DisposeAsync();
        }
    }

    private IClientProcess Client() => _client ?? throw new InvalidOperationException($"{Group.Name} has not started");

    /// <summary>One line of the client's standard output; runs on the process reader's thread, not the grain's.</summary>
    private void OnRecord(string line)
    {
        if (!ClientRecord.TryParse(line, out var record))
        {
            records.Event("client-garbage", new { Group = this.GetPrimaryKeyString(), Line = line });
            return;
        }

        var group = this.GetPrimaryKeyString();
        switch (record)
        {
            case RequestRecord request:
                var timeS = records.SecondsAt(request.Time);
                records.Request(new RequestRow(timeS, group, request.User, request.Site, request.LatencyMicroseconds / 1000.0,
                    request.Outcome, request.ServedBy, request.SendLateMicroseconds / 1000.0));
                lock (_lock)
                {
                    _requests++;
                    _failed += request.Outcome == RequestOutcome.Ok ? 0 : 1;
                }

                break;
            case ProbeRecord probe:
                records.Probe(new ProbeRow(records.SecondsAt(probe.Time), group, probe.Site, (long)probe.Sequence, probe.RoundTripMicroseconds / 1000.0, probe.SendLateMicroseconds / 1000.0));
                break;
            case BrokenRecord broken:
                records.Broken(new BrokenConnectionRow(records.SecondsAt(broken.Time), group, broken.User, broken.Site, EnumWords<BrokenReason>.Word(broken.Reason)));
                break;
            case MovedRecord moved:
                string from;
                lock (_lock)
                {
                    from = _userSites.GetValueOrDefault(moved.User, _arrivalSite);
                    _userSites[moved.User] = moved.Site;
                }

                records.Handover(new HandoverRow(records.SecondsAt(moved.Time), group, moved.User, from, moved.Site,
                    Group.Mobility is null ? HandoverRow.Move : HandoverRow.Mobility));
                break;
            case ScaledRecord scaled:
                lock (_lock)
                {
                    foreach (var user in _userSites.Keys.Where(u => u >= scaled.Users).ToList())
                    {
                        _userSites.Remove(user);
                    }

                    for (var user = 0; user < scaled.Users; user++)
                    {
                        _userSites.TryAdd(user, _arrivalSite);
                    }
                }

                records.Event("group-scaled", new { Group = group, scaled.Users });
                break;
            case ReadyRecord:
                _ready.TrySetResult();
                break;
            case StartedRecord:
                records.Event("group-started", new { Group = group, Group.Site, Group.Users, Pid = _client?.Pid });
                break;
        }
    }
}
