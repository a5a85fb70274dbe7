using System.Diagnostics;
using System.Runtime.InteropServices;
using Testbed.Client.Addressing;
using Testbed.Client.Commands;
using Testbed.Client.Load;
using Testbed.Client.Options;
using Testbed.Client.Output;
using Testbed.Client.Probing;
using Testbed.Workload.Records;

namespace Testbed.Client.Hosting;

/// <summary>
/// One run of the group, from the ready record to the last record: starts the users and the
/// probes, applies the host's commands, and on stop (the command, the end of standard input,
/// SIGTERM or SIGINT) lets everything in flight finish before it returns.
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

        var start = Stopwatch.GetTimestamp();
        records.Write(new ReadyRecord(clock.UnixMicroseconds(start)));
        group.Start(start);
        scheduler.Start();
        new CommandReader(commands, command =>
        {
            switch (command)
            {
                case MoveCommand move:
                    group.Move(move.To, move.Over);
                    break;
                case ScaleCommand scale:
                    group.Scale(scale.Users);
                    break;
                case AddressCommand address:
                    addresses.Publish(address.Address);
                    break;
                case StopCommand:
                    stopping.TrySetResult();
                    break;
            }
        }).Start();

        await stopping.Task;
        scheduler.Stop();
        await group.StopAsync();
    }
}
