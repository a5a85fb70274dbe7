using Testbed.Qemu.Host;
using Testbed.Qemu.Qmp;

namespace Testbed.Qemu.Migration;

/// <summary>A destination QEMU on this machine, driven through its own QMP socket.</summary>
public sealed class IncomingQemu(QemuVm vm) : IMigrationDestination
{
    /// <summary>How long after the source completed the destination may take to resume: past it, the source takes over again.</summary>
    public static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(30);

    private QmpEventListener? _resumes;

    public QemuVm Vm => vm;

    public async Task ListenAsync(IReadOnlyDictionary<string, bool> capabilities, int? multifdChannels, string listenUri, CancellationToken cancellationToken)
    {
        await vm.Qmp.MigrateSetCapabilitiesAsync(capabilities, cancellationToken);
        if (multifdChannels is { } channels)
        {
            await vm.Qmp.MigrateSetParametersAsync(new MigrationParameters(MultifdChannels: channels), cancellationToken);
        }

        _resumes = vm.Qmp.Listen("RESUME");
        await vm.Qmp.MigrateIncomingAsync(listenUri, cancellationToken);
    }

    /// <summary>The destination's RESUME, or why it will not come: its QEMU exited, or the time ran out.</summary>
    public async Task<(DateTimeOffset? At, string? Error)> ResumedAsync()
    {
        var events = _resumes ?? throw new InvalidOperationException("the destination is not listening yet");
        using var deadline = new CancellationTokenSource(ResumeTimeout);
        var resume = events.NextAsync(deadline.Token);
        var exited = vm.Process.WaitForExitAsync(deadline.Token);
        try
        {
            if (await Task.WhenAny(resume, exited) == resume)
            {
                return ((await resume).Timestamp, null);
            }

            await exited;
            return (null, $"the destination's QEMU exited (code {vm.Process.ExitCode}) before it resumed");
        }
        catch (OperationCanceledException)
        {
            return (null, $"the destination did not resume within {ResumeTimeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its QMP stream ending is how a dying QEMU usually shows first.
            return (null, vm.Process.HasExited
                ? "the destination's QEMU exited before it resumed"
                : $"the destination's QMP connection failed before it resumed: {e.Message}");
        }
        finally
        {
            await deadline.CancelAsync();
            await Task.WhenAll(resume, exited).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public ValueTask DisposeAsync()
    {
        _resumes?.Dispose();
        _resumes = null;
        return ValueTask.CompletedTask;
    }
}
