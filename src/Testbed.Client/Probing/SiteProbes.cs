using System.Net;
using System.Net.Sockets;
using Testbed.Client.Addressing;
using Testbed.Client.Load;
using Testbed.Client.Output;
using Testbed.Client.Sites;
using Testbed.Workload.Clients;
using Testbed.Workload.Probing;
using Testbed.Workload.Records;

namespace Testbed.Client.Probing;

/// <summary>
/// One probe stream per site that has users, from that site's namespace: the downtime a
/// site's users see, measured finer than their requests can. A site's numbering continues
/// when its stream stops (its last user left) and starts again (users came back).
/// </summary>
internal sealed class SiteProbes(LoadContext context)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiteLocation, ContinuousProber> _streams = [];
    private readonly Dictionary<string, ulong> _nextSequence = new(StringComparer.Ordinal);
    private readonly List<Task> _finishing = [];
    private bool _stopped;

    /// <summary>Probes from exactly the sites in <paramref name="occupied"/>: starts the missing streams, stops the others.</summary>
    public void Follow(IReadOnlySet<SiteLocation> occupied)
    {
        if (context.Options.ProbeInterval == TimeSpan.Zero)
        {
            return;
        }

        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            foreach (var site in _streams.Keys.Where(site => !occupied.Contains(site)).ToList())
            {
                StopHoldingLock(site);
            }

            foreach (var site in occupied.Where(site => !_streams.ContainsKey(site)))
            {
                if (Open(site) is { } stream)
                {
                    _streams.Add(site, stream);
                    stream.Start();
                }
            }
        }
    }

    /// <summary>Sends no more probes; completes when every probe sent has its record (at most a second after the last).</summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            _stopped = true;
            foreach (var site in _streams.Keys.ToList())
            {
                StopHoldingLock(site);
            }

            return Task.WhenAll(_finishing);
        }
    }

    private void StopHoldingLock(SiteLocation site)
    {
        var stream = _streams[site];
        _streams.Remove(site);
        stream.StopSending();
        _nextSequence[site.Site] = stream.NextSequence;
        _finishing.Add(stream.Completion);
    }

    private ContinuousProber? Open(SiteLocation site)
    {
        Socket socket;
        try
        {
            // An ICMP probe goes out on a ping socket: the kernel answers for its identifier and checksum.
            socket = site.CreateSocket(SocketType.Dgram, context.Options.ProbeProtocol == ProbeProtocol.Icmp ? ProtocolType.Icmp : ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        }
        catch (Exception e) when (e is InvalidOperationException or SocketException)
        {
            ClientLog.Warn($"no probes from site {site.Site}: {e.Message}");
            return null;
        }

        var address = new CachedServiceAddress(context.Addresses, context.Options.AddressTtl);
        var port = context.Options.ProbeProtocol == ProbeProtocol.Icmp ? 0 : context.Options.ProbePort;
        var destination = new IPEndPoint(IPAddress.None, port);
        return new ContinuousProber(
            socket,
            () =>
            {
                // Called on the stream's sending thread only, every interval: allocate only when the address changed.
                var current = address.Resolve();
                if (!current.Equals(destination.Address))
                {
                    destination = new IPEndPoint(current, port);
                }

                return destination;
            },
            context.Options.ProbeInterval,
            _nextSequence.GetValueOrDefault(site.Site),
            outcome => context.Records.Write(new ProbeRecord(
                context.Clock.UnixMicroseconds(outcome.ScheduledTimestamp),
                site.Site,
                outcome.Sequence,
                outcome.RoundTrip is { } roundTrip ? RecordClock.Microseconds(roundTrip) : null,
                RecordClock.Microseconds(outcome.SendLate))),
            context.Options.ProbeProtocol);
    }
}
