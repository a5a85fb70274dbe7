using System.Diagnostics;
using Testbed.Lab.Processes;

namespace Testbed.Lab.Tests.Processes;

/// <summary>Stopping real processes by their identity: SIGTERM, then SIGKILL for one that ignores it.</summary>
public sealed class SignalsTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_process_that_heeds_sigterm_is_gone_and_one_already_gone_is_reported_so()
    {
        using var sleeper = Process.Start("sleep", "60");
        var identity = ProcessIdentity.Of(sleeper.Id)!;

        Assert.True(await Signals.StopAsync(identity, TimeSpan.FromSeconds(30)));
        Assert.False(identity.IsAlive);
        Assert.False(await Signals.StopAsync(identity, Grace));
    }

    [Fact]
    public async Task A_process_that_ignores_sigterm_is_killed_once_the_grace_has_passed()
    {
        // An ignored signal stays ignored across exec: one process, which SIGTERM does not end.
        using var stubborn = Process.Start("sh", ["-c", "trap '' TERM; exec sleep 60"]);
        var identity = ProcessIdentity.Of(stubborn.Id)!;

        Assert.False(await Signals.WaitForExitAsync(identity, Grace));
        Assert.True(await Signals.StopAsync(identity, Grace));
        Assert.False(identity.IsAlive);
        await stubborn.WaitForExitAsync();
        Assert.Equal(137, stubborn.ExitCode);
    }
}
