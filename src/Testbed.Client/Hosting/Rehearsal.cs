using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Testbed.Client.Addressing;
using Testbed.Client.Load;
using Testbed.Client.Output;
using Testbed.Client.Probing;
using Testbed.Workload.Clients;
using Testbed.Workload.Probing;

namespace Testbed.Client.Hosting;

/// <summary>
/// Before the client says it is ready, one user and a probe stream run for a moment, from the
/// first site's namespace, against <see cref="LoopbackPeers"/> on its loopback address, with
/// their records thrown away. Tiered compilation is off, so every method is compiled at its
/// first call; compiling ahead (AheadOfTimeJit) covers the client's own methods, but not the
/// generic code its requests, probes and sockets instantiate (async state machines,
/// collections, the socket engine). The rehearsal runs them, so that neither the run's first
/// second (about 40 ms of CPU) nor its first requests' latency carries their compilation.
/// </summary>
internal static class Rehearsal
{
    /// <summary>The longest it takes; its requests time out then too.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    /// <summary>Requests answered and probes echoed: the first opens the connection, the next use it.</summary>
    private const int Exchanges = 3;

    private const double RatePerSecond = 200;

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>Returns once the peers answered and echoed, or with a warning on stderr when the site had no loopback to rehearse on or it did not answer in time.</summary>
    public static async Task RunAsync(ClientOptions options)
    {
        var probing = options.ProbeInterval > TimeSpan.Zero;
        LoopbackPeers peers;
        try
        {
            // ICMP probes are answered by the namespace's own kernel: no peer sees them to count.
            peers = LoopbackPeers.Start(options.FirstSite, Exchanges, probing && options.ProbeProtocol == ProbeProtocol.Udp ? Exchanges : 0);
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            NotRehearsed(options, e.Message);
            return;
        }

        await using (peers)
        {
            var rehearsed = options with
            {
                ServiceAddress = IPAddress.Loopback,
                Port = peers.Port,
                ProbePort = peers.ProbePort,
                Users = 1,
                RatePerUserPerSecond = RatePerSecond,
                ProbeInterval = probing ? ProbeInterval : TimeSpan.Zero,
                RequestTimeout = Patience,
            };
            using var records = new RecordWriter(Stream.Null);
            var context = new LoadContext(rehearsed, new RecordClock(), records, new ServiceAddressBook(IPAddress.Loopback));
            using var scheduler = new MonotonicScheduler();
            var group = new UserGroup(context, scheduler, new SiteProbes(context));
            group.Start(Stopwatch.GetTimestamp());
            scheduler.Start();
            try
            {
                await peers.Served.WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                NotRehearsed(options, $"no answer within {Patience.TotalSeconds} s");
            }

            scheduler.Stop();
            await group.StopAsync();
        }
    }

    private static void NotRehearsed(ClientOptions options, string why) =>
        ClientLog.Warn($"no rehearsal on the loopback of {options.FirstSite.Site}'s namespace ({why}); the first requests compile what they run");
}
