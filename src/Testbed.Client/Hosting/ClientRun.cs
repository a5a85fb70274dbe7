using System.Diagnostics;
using System.Runtime.InteropServices;
using Testbed.Client.Addressing;
using Testbed.Client.Commands;
using Testbed.Client.Load;
using Testbed.Client.Output;
using Testbed.Client.Probing;
using Testbed.Lab.Linux;
using Testbed.Lab.Processes;
using Testbed.Workload.Clients;
using Testbed.Workload.Records;

namespace Testbed.Client.Hosting;

/// <summary>
/// One run of the group: compiles its per-record code and rehearses it
/// (<see cref="Rehearsal"/>), writes the ready record, waits for the host's start command,
/// starts the users and the probes, applies the host's commands, and on stop (the command,
/// the end of standard input, SIGTERM or SIGINT) lets everything in flight finish before it
/// returns. A stop before the start sends nothing.
/// </summary>
internal static class ClientRun
{
    public static async Task RunAsync(ClientOptions options, Stream output, TextReader commands)
    {
        using var records = new RecordWriter(output);
        var clock = new RecordClock();
        var addresses = new ServiceAddressBook(options.ServiceAddress);
        var context = new LoadContext(options, clock, records, addresses);
        using var scheduler = new MonotonicScheduler();
        var group = new UserGroup(context, scheduler, new SiteProbes(context));

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stopping.TrySetResult(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stopping.TrySetResult(); });

        // The host starts its clock when it sends start, after the ready record: the code
        // that runs per request, probe and record is compiled by then, not in the run's
        // first second. Compiling ahead covers the client's own methods (moves and scaling
        // too); the rehearsal, the generic code that requests and probes instantiate.
        AheadOfTimeJit.Compile(typeof(ClientRun).Assembly, typeof(ClientRecord).Assembly);
        AheadOfTimeJit.Compile([typeof(NamespaceSockets)]);
        await Rehearsal.RunAsync(options);
        records.Write(new ReadyRecord(clock.NowUnixMicroseconds()));

        // Commands arrive on the reader's thread, one at a time, so starting needs no lock:
        // nothing else reads or sets started.
        var started = false;
        new CommandReader(commands, command =>
        {
            switch (command)
            {
                case StartCommand when started:
                    ClientLog.Warn("ignored \"start\": the users have started already");
                    break;
                case StartCommand:
                    started = true;
                    var start = Stopwatch.GetTimestamp();
                    records.Write(new StartedRecord(clock.UnixMicroseconds(start)));
                    group.Start(start);
                    scheduler.Start();
                    break;
                case StopCommand:
                    stopping.TrySetResult();
                    break;
                case PlaceCommand place:
                    group.Place(place.User, place.At);
                    break;
                case HandoverCommand handover:
                    group.Handover(handover.At, handover.User, handover.To);
                    break;
                case var early when !started:
                    ClientLog.Warn($"ignored {early.GetType().Name.Replace("Command", "", StringComparison.Ordinal).ToLowerInvariant()}: the users have not started (start comes first)");
                    break;
                case MoveCommand move:
                    group.Move(move.To, move.Over);
                    break;
                case ScaleCommand scale:
                    group.Scale(scale.Users);
                    break;
                case AddressCommand address:
                    addresses.Publish(address.Address);
                    break;
            }
        }).Start();

        await stopping.Task;
        scheduler.Stop();
        await group.StopAsync();
    }
}
