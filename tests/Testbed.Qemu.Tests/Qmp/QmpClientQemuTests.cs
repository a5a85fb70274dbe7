using Testbed.Lab.Processes;
using Testbed.Lab.Runs;
using Testbed.Qemu.Qmp;
using Testbed.TestSupport;

namespace Testbed.Qemu.Tests.Qmp;

/// <summary>The client against a real QEMU (TCG), started paused as runs start it.</summary>
public sealed class QmpClientQemuTests : ScratchRootTest
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Status_stop_cont_and_their_events_follow_qemu()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "qmp-states");
        await using var vm = await PausedQemu.StartAsync(run, "vm");
        var client = vm.Qmp;
        using var resumes = client.Listen("RESUME");
        using var stops = client.Listen("STOP");

        Assert.Equal(new QmpStatus("prelaunch", false), await client.QueryStatusAsync());

        await client.ContAsync();
        var resumed = await resumes.NextAsync().WaitAsync(Bound);
        Assert.True((await client.QueryStatusAsync()).Running);

        await client.StopAsync();
        var stopped = await stops.NextAsync().WaitAsync(Bound);
        Assert.Equal(new QmpStatus("paused", false), await client.QueryStatusAsync());
        Assert.True(stopped.Timestamp >= resumed.Timestamp);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - stopped.Timestamp).TotalSeconds) < 60, "QEMU's event clock is the wall clock");
    }

    [Fact]
    public async Task The_greeting_names_the_installed_qemu()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "qmp-version");
        await using var vm = await PausedQemu.StartAsync(run, "vm");
        var client = vm.Qmp;

        var installed = await CommandRunner.RunCheckedAsync("qemu-system-x86_64", ["--version"]);

        Assert.Contains($"version {client.Version} ", installed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migration_settings_are_accepted_and_an_idle_vm_has_no_migration()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "qmp-migration");
        await using var vm = await PausedQemu.StartAsync(run, "vm");
        var client = vm.Qmp;

        await client.MigrateSetCapabilitiesAsync(new Dictionary<string, bool>
        {
            [MigrationCapabilities.Events] = true,
            [MigrationCapabilities.PauseBeforeSwitchover] = true,
        });
        await client.MigrateSetParametersAsync(new MigrationParameters(DowntimeLimit: 50, MaxBandwidth: 12_500_000));
        var parameters = await client.ExecuteAsync("query-migrate-parameters");
        var info = await client.QueryMigrateAsync();

        Assert.Equal(50, parameters.GetProperty("downtime-limit").GetInt64());
        Assert.Equal(12_500_000, parameters.GetProperty("max-bandwidth").GetInt64());
        Assert.Null(info.Status);
    }

    [Fact]
    public async Task Qemu_s_refusals_are_typed_errors()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "qmp-errors");
        await using var vm = await PausedQemu.StartAsync(run, "vm");
        var client = vm.Qmp;

        var unknown = await Assert.ThrowsAsync<QmpErrorException>(() => client.ExecuteAsync("no-such-command"));
        var notPaused = await Assert.ThrowsAsync<QmpErrorException>(() => client.MigrateContinueAsync());

        Assert.Equal("CommandNotFound", unknown.ErrorClass);
        Assert.Equal("GenericError", notPaused.ErrorClass);
    }

    [Fact]
    public async Task Quit_ends_with_shutdown_then_a_closed_stream_and_the_process_exits()
    {
        await using var run = RunDirectory.Create(Scratch.Root, "qmp-quit");
        await using var vm = await PausedQemu.StartAsync(run, "vm");
        var (qemu, client) = (vm.Process, vm.Qmp);
        using var shutdowns = client.Listen("SHUTDOWN");

        await client.QuitAsync();

        Assert.Equal("SHUTDOWN", (await shutdowns.NextAsync().WaitAsync(Bound)).Name);
        await qemu.WaitForExitAsync().WaitAsync(Bound);
        await Assert.ThrowsAsync<QmpProtocolException>(() => shutdowns.NextAsync().WaitAsync(Bound));
        await Assert.ThrowsAsync<QmpProtocolException>(() => client.QueryStatusAsync());
    }
}
