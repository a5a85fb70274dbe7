using Testbed.Control.Contracts.Grains;

namespace Testbed.Control.Cluster;

/// <summary>
/// Asks the cluster which of the file's hosts are members, and asks each active one, through its
/// own grain, whose process it is and what its clock reads: the clock offsets of the hosts
/// against the asker's, measured as a run measures them at its start.
/// </summary>
public static class ClusterProbe
{
    /// <summary>Exchanges per host; the shortest is kept, so a few are enough to find one not held up by a queue.</summary>
    public const int ClockExchanges = 8;

    /// <summary>An active member that has not answered by then is reported as not answering.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<HostStatus>> ProbeAsync(IClusterClient client, ClusterConfig config, CancellationToken cancellationToken)
    {
        var members = await ClusteringSchema.MembersAsync(config.DatabaseConnection, config.ClusterId, cancellationToken);
        var statuses = new List<HostStatus>();
        foreach (var host in config.Hosts)
        {
            // A host that restarted has one row a start: its newest says what it is now.
            var entry = members.Where(m => m.SiloName == host.Name).MaxBy(m => m.Generation);
            var membership = entry?.Status.ToString().ToLowerInvariant() ?? "absent";
            if (entry?.Status != SiloStatus.Active)
            {
                statuses.Add(new HostStatus(host.Name, host.Address.ToString(), membership, false, entry?.Address, null, null, null, null, null));
                continue;
            }

            try
            {
                var grain = client.GetGrain<IHostGrain>(host.Name);
                var samples = new List<ClockSample>();
                Contracts.HostReading? reading = null;
                for (var i = 0; i < ClockExchanges; i++)
                {
                    var sent = DateTime.UtcNow;
                    reading = await grain.ReadAsync().WaitAsync(AnswerTimeout, cancellationToken);
                    samples.Add(new ClockSample(sent, new DateTime(reading.UtcTicks, DateTimeKind.Utc), DateTime.UtcNow));
                }

                statuses.Add(new HostStatus(host.Name, host.Address.ToString(), membership, true, entry.Address,
                    reading!.ProcessId, reading.MachineName, reading.Cores, ClockOffset.From(samples), null));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                statuses.Add(new HostStatus(host.Name, host.Address.ToString(), membership, false, entry.Address, null, null, null, null,
                    e.Message.ReplaceLineEndings(" ")));
            }
        }

        return statuses;
    }
}
