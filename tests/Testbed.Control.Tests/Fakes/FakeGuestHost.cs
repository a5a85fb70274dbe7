using System.Collections.Concurrent;
using Testbed.Control.Contracts;
using Testbed.Control.Hosts;
using Testbed.Results.Records;
using Testbed.Workload.Records;

namespace Testbed.Control.Tests.Fakes;

/// <summary>
/// Guests as a set of running copies: no QEMU, no network. A migration or a clone ends as
/// the test says (<see cref="MigrationError"/>, <see cref="ReplicationError"/>), taking the
/// clock <see cref="StepSeconds"/> further, so that the grains' decisions can be checked alone.
/// </summary>
internal sealed class FakeGuestHost(FakeRunRecords records) : IGuestHost
{
    private readonly ConcurrentDictionary<(string Service, string DataCenter), int> _running = new();
    private int _nextPid = 1000;

    public string MechanismName { get; set; } = "overlay";

    public bool SupportsReplicas { get; set; } = true;

    public bool Stopping { get; set; }

    /// <summary>Non-null: starting an incoming QEMU fails with this error.</summary>
    public string? IncomingError { get; set; }

    /// <summary>Null: migrations complete; otherwise each fails with this error.</summary>
    public string? MigrationError { get; set; }

    public string? ReplicationError { get; set; }

    public double StepSeconds { get; set; } = 2.5;

    /// <summary>Every call, in order, as "Method service@dataCenter".</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    public IReadOnlySet<string> Running => _running.Keys.Select(k => $"{k.Service}@{k.DataCenter}").ToHashSet(StringComparer.Ordinal);

    public string ServiceAddress(string service) => "10.200.0.2";

    public string AddressAt(string service, string dataCenter) => "10.200.0.2";

    public int? ProcessId(string service, string dataCenter) => _running.TryGetValue((service, dataCenter), out var pid) ? pid : null;

    public Task BootAsync(string service, string dataCenter) => Start(nameof(BootAsync), service, dataCenter);

    public Task PrepareIncomingAsync(string service, string dataCenter) =>
        IncomingError is null ? Start(nameof(PrepareIncomingAsync), service, dataCenter) : throw new InvalidOperationException(IncomingError);

    /// <summary>The fakes run on one host: a migration never listens across machines here.</summary>
    public Task ListenForMigrationAsync(string service, string dataCenter, string source, IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri) =>
        throw new NotSupportedException("the fake guests are all on one host");

    public Task<MigrationResume> MigrationResumedAsync(string service, string dataCenter) =>
        throw new NotSupportedException("the fake guests are all on one host");

    public Task<IReadOnlyList<GuestCalibrationRow>> CalibrateAsync(string service, string dataCenter, int requestBytes)
    {
        Calls.Enqueue($"{nameof(CalibrateAsync)} {service}@{dataCenter}");
        return Task.FromResult<IReadOnlyList<GuestCalibrationRow>>([new(service, dataCenter, GuestCalibrationRow.Icmp, 0, 10, 0.5, 0.75, 0)]);
    }

    public Task<MigrationRow> MigrateAsync(string service, string source, string destination, string reason, MigrationOptions? options, double startedS)
    {
        Calls.Enqueue($"{nameof(MigrateAsync)} {service}@{source}->{destination}");
        Require(service, source);
        Require(service, destination);
        records.Clock += StepSeconds;
        var outcome = MigrationError is null ? MigrationOutcome.Completed : Stopping ? MigrationOutcome.Cancelled : MigrationOutcome.Failed;
        return Task.FromResult(new MigrationRow(service, source, destination, startedS, records.Clock, outcome, null, null, null, null, null, null, reason, MigrationError));
    }

    public Task<ReplicationRow> ReplicateAsync(string service, string source, string destination, string reason, double startedS)
    {
        Calls.Enqueue($"{nameof(ReplicateAsync)} {service}@{source}->{destination}");
        Require(service, source);
        Require(service, destination);
        records.Clock += StepSeconds;
        var outcome = ReplicationError is null ? MigrationOutcome.Completed : MigrationOutcome.Failed;
        return Task.FromResult(new ReplicationRow(ReplicationRow.Replicate, service, source, destination, startedS, records.Clock, outcome, null, null, null, reason, ReplicationError));
    }

    public Task WithdrawReplicaAsync(string service, string dataCenter)
    {
        Calls.Enqueue($"{nameof(WithdrawReplicaAsync)} {service}@{dataCenter}");
        return Task.CompletedTask;
    }

    public Task StopAsync(string service, string dataCenter)
    {
        Calls.Enqueue($"{nameof(StopAsync)} {service}@{dataCenter}");
        _running.TryRemove((service, dataCenter), out _);
        return Task.CompletedTask;
    }

    private Task Start(string call, string service, string dataCenter)
    {
        Calls.Enqueue($"{call} {service}@{dataCenter}");
        if (!_running.TryAdd((service, dataCenter), Interlocked.Increment(ref _nextPid)))
        {
            throw new InvalidOperationException($"a VM {dataCenter}/{service} is already running");
        }

        return Task.CompletedTask;
    }

    private void Require(string service, string dataCenter)
    {
        if (!_running.ContainsKey((service, dataCenter)))
        {
            throw new InvalidOperationException($"{service} does not run in {dataCenter}");
        }
    }
}
