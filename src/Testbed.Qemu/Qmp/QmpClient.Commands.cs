using System.Text.Json;
using System.Text.Json.Nodes;

namespace Testbed.Qemu.Qmp;

/// <summary>The commands the testbed uses, typed. Anything else goes through <see cref="ExecuteAsync"/>.</summary>
public sealed partial class QmpClient
{
    public async Task<QmpStatus> QueryStatusAsync(CancellationToken cancellationToken = default) =>
        Deserialize<QmpStatus>(await ExecuteAsync("query-status", null, cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken = default) => ExecuteAsync("stop", null, cancellationToken);

    public Task ContAsync(CancellationToken cancellationToken = default) => ExecuteAsync("cont", null, cancellationToken);

    /// <summary>Asks QEMU to exit; it answers, emits SHUTDOWN, then closes the stream.</summary>
    public Task QuitAsync(CancellationToken cancellationToken = default) => ExecuteAsync("quit", null, cancellationToken);

    /// <summary>Starts an outgoing migration to a URI such as tcp:10.0.1.2:4444; it runs on after the command returns.</summary>
    public Task MigrateAsync(string uri, CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate", new JsonObject { ["uri"] = uri }, cancellationToken);

    /// <summary>Listens for an incoming migration; QEMU must have been started with -incoming defer.</summary>
    public Task MigrateIncomingAsync(string uri, CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate-incoming", new JsonObject { ["uri"] = uri }, cancellationToken);

    public Task MigrateSetParametersAsync(MigrationParameters parameters, CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate-set-parameters", JsonSerializer.SerializeToNode(parameters, QmpJson.Options)!.AsObject(), cancellationToken);

    /// <summary>Sets capabilities by QEMU's names (see <see cref="MigrationCapabilities"/>); on both ends, before migrating.</summary>
    public Task MigrateSetCapabilitiesAsync(IReadOnlyDictionary<string, bool> capabilities, CancellationToken cancellationToken = default)
    {
        var list = new JsonArray();
        foreach (var (capability, state) in capabilities)
        {
            list.Add(new JsonObject { ["capability"] = capability, ["state"] = state });
        }

        return ExecuteAsync("migrate-set-capabilities", new JsonObject { ["capabilities"] = list }, cancellationToken);
    }

    /// <summary>The migration parameters in force: what QEMU really uses, whatever was asked.</summary>
    public async Task<MigrationParameters> QueryMigrateParametersAsync(CancellationToken cancellationToken = default) =>
        Deserialize<MigrationParameters>(await ExecuteAsync("query-migrate-parameters", null, cancellationToken));

    /// <summary>Every migration capability and whether it is on, by QEMU's names.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> QueryMigrateCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        var list = await ExecuteAsync("query-migrate-capabilities", null, cancellationToken);
        return list.EnumerateArray().ToDictionary(c => c.GetProperty("capability").GetString()!, c => c.GetProperty("state").GetBoolean(), StringComparer.Ordinal);
    }

    public async Task<MigrationInfo> QueryMigrateAsync(CancellationToken cancellationToken = default) =>
        Deserialize<MigrationInfo>(await ExecuteAsync("query-migrate", null, cancellationToken));

    /// <summary>Lets a migration paused at <paramref name="state"/> (pre-switchover) go on to switch over.</summary>
    public Task MigrateContinueAsync(string state = "pre-switchover", CancellationToken cancellationToken = default) =>
        ExecuteAsync("migrate-continue", new JsonObject { ["state"] = state }, cancellationToken);

    /// <summary>Cancels the outgoing migration; the source VM goes on running.</summary>
    public Task MigrateCancelAsync(CancellationToken cancellationToken = default) => ExecuteAsync("migrate_cancel", null, cancellationToken);

    private static T Deserialize<T>(JsonElement value) =>
        value.Deserialize<T>(QmpJson.Options) ?? throw new QmpProtocolException($"QEMU returned null where {typeof(T).Name} was expected");
}
