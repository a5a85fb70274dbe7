using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;
using CommandResult = Testbed.Lab.Processes.CommandResult;

namespace Testbed.TestSupport;

/// <summary>
/// A real PostgreSQL server from the distribution's package, for the tests alone: a fresh
/// cluster in a temporary directory, owned by the postgres user (the server refuses to run
/// as root), listening on 127.0.0.1 at a free port with its socket in that directory, and
/// asking for a password over TCP as a real server would. Disposing stops it (the postmaster
/// by its pid file) and deletes the directory.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string User = "postgres";
    private const string Secret = "testbed-fixture-secret";

    private string _root = "";
    private string _bin = "";
    private int? _postmaster;

    public int Port { get; private set; }

    /// <summary>The password of <see cref="User"/> over TCP: tests check that no message shows it.</summary>
    public static string Password => Secret;

    /// <summary>An Npgsql connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Password = Secret,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// A connection string to <paramref name="database"/> through the server's Unix socket, with
    /// no password (local connections are trusted): reachable from any network namespace of this
    /// machine, as the emulated hosts' workers need.
    /// </summary>
    public string SocketConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = _root,
        Port = Port,
        Username = User,
        Database = database,
    }.ConnectionString;

    /// <summary>A new, empty database; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = UniqueName.Next("tb_");
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = connection.CreateCommand();

        // A database name cannot be a parameter; this one is the fixture's own.
        create.CommandText = $"CREATE DATABASE {name}";
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        _bin = ServerBinaries();
        _root = Directory.CreateTempSubdirectory("testbed-pg-").FullName;
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture that failed to start: leave nothing behind.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        await RunAsync("chown", ["postgres:postgres", _root]);
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, Secret);
        await RunAsync("chown", ["postgres:postgres", passwordFile]);
        await RunAsPostgresAsync("initdb", "-D", Path.Combine(_root, "data"), "-U", User, "--pwfile", passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C", "--no-sync");

        // A port found free can be taken before the server binds it: try another then.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var started = await StartServerAsync();
            if (started.ExitCode == 0)
            {
                return;
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(_root, "server.log")) ? File.ReadAllText(Path.Combine(_root, "server.log")) : "";
                throw new InvalidOperationException($"pg_ctl start failed ({started.ExitCode}): {started.StandardError} {log}");
            }
        }
    }

    /// <summary>Stops the server as a crash or an operator would (immediate shutdown); <see cref="StartAgainAsync"/> brings it back on the same port.</summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]);
        _postmaster = null;
    }

    public async Task StartAgainAsync()
    {
        var started = await StartServerAsync();
        if (started.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl start failed ({started.ExitCode}): {started.StandardError}");
        }
    }

    private async Task<CommandResult> StartServerAsync()
    {
        var data = Path.Combine(_root, "data");
        var options = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off";
        var started = await RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", data, "-l", Path.Combine(_root, "server.log"),
            "-w", "-t", "60", "-o", options, "start"], check: false);
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            _postmaster = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        }

        return started;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (_postmaster is { } pid)
            {
                await RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], check: false);
                StopIfStillThere(pid);
                _postmaster = null;
            }
        }
        finally
        {
            if (_root.Length > 0 && Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    /// <summary>The newest server the distribution installed: /usr/lib/postgresql/VERSION/bin, never another copy on PATH.</summary>
    private static string ServerBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0).ToList()
            : [];
        return installed.Count > 0
            ? Path.Combine(installed[0], "bin")
            : throw new InvalidOperationException(
                "the PostgreSQL server is not installed (no /usr/lib/postgresql/VERSION/bin/initdb): apt-get install postgresql (testbed/provision.sh installs it)");
    }

    private static void StopIfStillThere(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            if (process.ProcessName == "postgres")
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (ArgumentException)
        {
            // Already gone: pg_ctl stopped it.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<CommandResult> RunAsPostgresAsync(string program, params string[] arguments) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments]);

    private static async Task<CommandResult> RunAsync(string program, string[] arguments, bool check = true)
    {
        var (result, _) = await ExternalCommand.RunAsync(program, arguments);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }

        return result;
    }
}
