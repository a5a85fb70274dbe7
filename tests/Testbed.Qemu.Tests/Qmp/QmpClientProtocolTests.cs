using System.Text.Json;
using Testbed.Qemu.Qmp;

namespace Testbed.Qemu.Tests.Qmp;

/// <summary>The protocol's edge cases, against <see cref="FakeQmpServer"/>.</summary>
public sealed class QmpClientProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeQmpServer _server = new();
    private QmpClient _client = null!;

    public async Task InitializeAsync()
    {
        var accepting = _server.AcceptAndNegotiateAsync();
        _client = await QmpClient.ConnectAsync(_server.SocketPath).WaitAsync(Bound);
        await accepting.WaitAsync(Bound);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public void The_greeting_s_version_is_read()
    {
        Assert.Equal(new QmpVersion(7, 2, 22, "Debian 1:7.2+dfsg-7"), _client.Version);
    }

    [Fact]
    public async Task Events_interleaved_with_a_reply_reach_their_listeners_and_the_reply_its_caller()
    {
        using var stops = _client.Listen("STOP");
        using var resumes = _client.Listen("RESUME");
        using var everything = _client.Listen();

        var status = _client.QueryStatusAsync();
        var command = await _server.ReceiveAsync();
        await _server.SendEventAsync("STOP");
        await _server.SendEventAsync("MIGRATION", """{"status": "active"}""");
        await _server.ReplyAsync(command, """{"status": "paused", "singlestep": false, "running": false}""");
        await _server.SendEventAsync("RESUME");

        Assert.Equal(new QmpStatus("paused", false), await status.WaitAsync(Bound));
        var stop = await stops.NextAsync().WaitAsync(Bound);
        Assert.Equal("STOP", stop.Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddMilliseconds(250), stop.Timestamp);
        Assert.Equal("RESUME", (await resumes.NextAsync().WaitAsync(Bound)).Name);
        Assert.False(stops.Events.TryRead(out _));
        string[] all = [(await everything.NextAsync()).Name, (await everything.NextAsync()).Name, (await everything.NextAsync()).Name];
        Assert.Equal(["STOP", "MIGRATION", "RESUME"], all);
    }

    [Fact]
    public async Task Replies_in_another_order_go_to_the_commands_with_their_ids()
    {
        var first = _client.ExecuteAsync("query-name");
        var firstCommand = await _server.ReceiveAsync();
        var second = _client.ExecuteAsync("query-uuid");
        var secondCommand = await _server.ReceiveAsync();

        await _server.ReplyAsync(secondCommand, """{"UUID": "second"}""");
        await _server.ReplyAsync(firstCommand, """{"name": "first"}""");

        Assert.Equal("first", (await first.WaitAsync(Bound)).GetProperty("name").GetString());
        Assert.Equal("second", (await second.WaitAsync(Bound)).GetProperty("UUID").GetString());
        Assert.NotEqual(firstCommand.GetProperty("id").GetInt64(), secondCommand.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task An_error_reply_is_qemu_s_refusal_and_the_client_goes_on()
    {
        var migrate = _client.MigrateAsync("tcp:10.0.0.2:4444");
        await _server.ReplyErrorAsync(await _server.ReceiveAsync(), "GenericError", "There's a migration process in progress");

        var refusal = await Assert.ThrowsAsync<QmpErrorException>(() => migrate.WaitAsync(Bound));
        Assert.Equal("migrate", refusal.Command);
        Assert.Equal("GenericError", refusal.ErrorClass);
        Assert.Equal("There's a migration process in progress", refusal.Description);

        var status = _client.QueryStatusAsync();
        await _server.ReplyAsync(await _server.ReceiveAsync(), """{"status": "running", "running": true}""");
        Assert.True((await status.WaitAsync(Bound)).Running);
    }

    [Fact]
    public async Task A_stream_cut_mid_message_fails_the_command_the_listeners_and_later_commands()
    {
        using var listener = _client.Listen();
        var status = _client.QueryStatusAsync();
        await _server.ReceiveAsync();

        await _server.SendRawAsync("""{"return": {"status": "runn""");
        _server.Hangup();

        var failure = await Assert.ThrowsAsync<QmpProtocolException>(() => status.WaitAsync(Bound));
        Assert.Contains("malformed", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<QmpProtocolException>(() => listener.NextAsync().WaitAsync(Bound));
        await Assert.ThrowsAsync<QmpProtocolException>(() => _client.StopAsync().WaitAsync(Bound));
        using var late = _client.Listen("STOP");
        await Assert.ThrowsAsync<QmpProtocolException>(() => late.NextAsync().WaitAsync(Bound));
    }

    [Fact]
    public async Task A_closed_stream_fails_the_command_in_flight()
    {
        var quit = _client.QuitAsync();
        await _server.ReceiveAsync();
        _server.Hangup();

        var failure = await Assert.ThrowsAsync<QmpProtocolException>(() => quit.WaitAsync(Bound));
        Assert.Contains("closed", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_never_comes_times_out_and_a_late_one_is_ignored()
    {
        var silent = _client.ExecuteAsync("query-name", null, TimeSpan.FromMilliseconds(200));
        var command = await _server.ReceiveAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => silent.WaitAsync(Bound));
        await _server.ReplyAsync(command, """{"name": "late"}""");

        var status = _client.QueryStatusAsync();
        await _server.ReplyAsync(await _server.ReceiveAsync(), """{"status": "running", "running": true}""");
        Assert.True((await status.WaitAsync(Bound)).Running);
    }

    [Fact]
    public async Task Cancellation_is_the_caller_s_not_a_timeout()
    {
        using var cancel = new CancellationTokenSource();
        var pending = _client.QueryStatusAsync(cancel.Token);
        await _server.ReceiveAsync();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Bound));
    }

    [Fact]
    public async Task Arguments_are_json_whatever_characters_they_hold()
    {
        const string awkward = "tcp:\"quoted\"\\back\nline:4444";
        var migrate = _client.MigrateAsync(awkward);
        var command = await _server.ReceiveAsync();
        await _server.ReplyAsync(command, "{}");
        await migrate.WaitAsync(Bound);

        Assert.Equal("migrate", command.GetProperty("execute").GetString());
        Assert.Equal(awkward, command.GetProperty("arguments").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task Typed_migration_commands_send_qemu_s_shapes_and_read_its_statistics()
    {
        var capabilities = _client.MigrateSetCapabilitiesAsync(new Dictionary<string, bool>
        {
            [MigrationCapabilities.Events] = true,
            [MigrationCapabilities.PauseBeforeSwitchover] = true,
        });
        var sent = await _server.ReceiveAsync();
        await _server.ReplyAsync(sent, "{}");
        await capabilities.WaitAsync(Bound);
        Assert.Equal(
            """[{"capability":"events","state":true},{"capability":"pause-before-switchover","state":true}]""",
            sent.GetProperty("arguments").GetProperty("capabilities").GetRawText());

        var parameters = _client.MigrateSetParametersAsync(new MigrationParameters(DowntimeLimit: 50, MaxBandwidth: 12_500_000));
        sent = await _server.ReceiveAsync();
        await _server.ReplyAsync(sent, "{}");
        await parameters.WaitAsync(Bound);
        Assert.Equal("""{"downtime-limit":50,"max-bandwidth":12500000}""", sent.GetProperty("arguments").GetRawText());

        var query = _client.QueryMigrateAsync();
        await _server.ReplyAsync(await _server.ReceiveAsync(), """
            {"status": "completed", "setup-time": 3, "downtime": 43, "total-time": 7712,
             "ram": {"transferred": 140000000, "remaining": 0, "total": 134742016, "duplicate": 20000, "normal": 33000,
                     "normal-bytes": 135168000, "dirty-sync-count": 4, "mbps": 97.2, "dirty-pages-rate": 0, "page-size": 4096}}
            """.ReplaceLineEndings(" "));
        var info = await query.WaitAsync(Bound);
        Assert.Equal("completed", info.Status);
        Assert.Equal(43, info.Downtime);
        Assert.Equal(7712, info.TotalTime);
        Assert.Equal(4, info.Ram!.DirtySyncCount);
        Assert.Equal(97.2, info.Ram.Mbps);
        Assert.Null(info.ErrorDesc);
    }
}
