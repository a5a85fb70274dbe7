using System.Collections.Concurrent;
using Testbed.Control.Hosts;
using Testbed.Workload.Clients;
using Testbed.Workload.Records;

namespace Testbed.Control.Tests.Fakes;

/// <summary>
/// A client that writes the records testbed-client would for each command (ready at start,
/// started, each user moved, scaled), through the records' own format, and exits on stop.
/// </summary>
internal sealed class FakeClientProcess(ClientOptions options, Action<string> onLine, string? failsAtStart) : IClientProcess
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _users = options.Users;

    public ClientOptions Options => options;

    public ConcurrentQueue<ClientCommand> Commands { get; } = new();

    public int Pid => 4242;

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode { get; private set; }

    public void Begin()
    {
        if (failsAtStart is not null)
        {
            ExitCode = 2;
            _exited.TrySetResult();
            return;
        }

        onLine(new ReadyRecord(Now()).ToLine());
    }

    public Task SendAsync(ClientCommand command, CancellationToken cancellationToken)
    {
        Commands.Enqueue(command);
        switch (command)
        {
            case StartCommand:
                onLine(new StartedRecord(Now()).ToLine());
                break;
            case MoveCommand move:
                for (var user = 0; user < _users; user++)
                {
                    onLine(new MovedRecord(Now(), user, move.To.Site).ToLine());
                }

                break;
            case ScaleCommand scale:
                _users = scale.Users;
                onLine(new ScaledRecord(Now(), scale.Users).ToLine());
                break;
            case StopCommand:
                _exited.TrySetResult();
                break;
        }

        return Task.CompletedTask;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _exited.Task.WaitAsync(cancellationToken);

    public string LogTail() => failsAtStart ?? "";

    public ValueTask DisposeAsync()
    {
        _exited.TrySetResult();
        return ValueTask.CompletedTask;
    }

    private static long Now() => ClientRecord.ToUnixMicroseconds(DateTimeOffset.UtcNow);
}
