using Npgsql;

namespace Testbed.Control.Cluster;

/// <summary>
/// The tables and queries Orleans' ADO.NET clustering provider needs in the lab's PostgreSQL.
/// The provider reads its queries by name from a table called <c>OrleansQuery</c> and runs
/// them with named parameters, reading the results' columns by name; what each query must do
/// is the membership protocol's (a row written only if the table's version is the one the
/// writer read, and the version moved on with it). Orleans ships its own scripts only in its
/// source repository, not in its packages, so the testbed creates its own: idempotent, under an
/// advisory lock, so the coordinator and every worker may run it at start.
/// </summary>
public static class ClusteringSchema
{
    /// <summary>Any fixed number: the advisory lock that keeps two hosts from creating the tables at once.</summary>
    private const long CreationLock = 0x7e57_bed0_c105;

    private const string Tables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey varchar(64) PRIMARY KEY,
            QueryText text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS testbed_cluster_version (
            deployment_id varchar(150) PRIMARY KEY,
            changed_at timestamptz NOT NULL DEFAULT now(),
            version integer NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS testbed_cluster_member (
            deployment_id varchar(150) NOT NULL REFERENCES testbed_cluster_version (deployment_id) ON DELETE CASCADE,
            address varchar(45) NOT NULL,
            port integer NOT NULL,
            generation integer NOT NULL,
            silo_name varchar(150) NOT NULL,
            host_name varchar(150) NOT NULL,
            status integer NOT NULL,
            proxy_port integer,
            suspect_times text,
            start_time timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            PRIMARY KEY (deployment_id, address, port, generation)
        );
        """;

    /// <summary>The columns every membership read returns, under the names the provider reads.</summary>
    private const string MemberColumns = """
        v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
        m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
        m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
        """;

    /// <summary>
    /// The queries by the provider's names. A conditional write takes the version row's lock
    /// first (the UPDATE), so two writers that read the same version cannot both succeed; the
    /// member row is written only through the version row the UPDATE returned.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> Queries = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["InsertMembershipVersionKey"] = """
            WITH added AS (
                INSERT INTO testbed_cluster_version (deployment_id) VALUES (@DeploymentId)
                ON CONFLICT (deployment_id) DO NOTHING RETURNING 1)
            SELECT count(*)::int FROM added;
            """,
        ["InsertMembershipKey"] = """
            WITH moved AS (
                UPDATE testbed_cluster_version SET version = version + 1, changed_at = now()
                WHERE deployment_id = @DeploymentId AND version = @Version
                RETURNING deployment_id),
            added AS (
                INSERT INTO testbed_cluster_member
                    (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM moved
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT count(*)::int FROM added;
            """,
        ["UpdateMembershipKey"] = """
            WITH moved AS (
                UPDATE testbed_cluster_version SET version = version + 1, changed_at = now()
                WHERE deployment_id = @DeploymentId AND version = @Version
                RETURNING deployment_id),
            changed AS (
                UPDATE testbed_cluster_member m
                SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                FROM moved
                WHERE m.deployment_id = moved.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                RETURNING 1)
            SELECT count(*)::int FROM changed;
            """,
        ["UpdateIAmAlivetimeKey"] = """
            UPDATE testbed_cluster_member SET i_am_alive_time = @IAmAliveTime
            WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
            """,
        ["MembershipReadRowKey"] = $"""
            SELECT {MemberColumns}
            FROM testbed_cluster_version v
            LEFT JOIN testbed_cluster_member m
                ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
            WHERE v.deployment_id = @DeploymentId;
            """,
        ["MembershipReadAllKey"] = $"""
            SELECT {MemberColumns}
            FROM testbed_cluster_version v
            LEFT JOIN testbed_cluster_member m ON m.deployment_id = v.deployment_id
            WHERE v.deployment_id = @DeploymentId;
            """,
        ["DeleteMembershipTableEntriesKey"] = """
            DELETE FROM testbed_cluster_version WHERE deployment_id = @DeploymentId;
            """,
        ["GatewaysQueryKey"] = """
            SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
            FROM testbed_cluster_member
            WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
            """,
        // Status 3 is Active in Orleans' SiloStatus: a member that stopped saying it lives and is not active is defunct.
        ["CleanupDefunctSiloEntriesKey"] = """
            DELETE FROM testbed_cluster_member
            WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
            """,
    };

    /// <summary>
    /// The membership rows of <paramref name="clusterId"/> as the silos wrote them: each silo's
    /// name, Orleans' status and address. Read from the database itself, so that asking about a
    /// cluster never depends on a grain of a member that may be dead.
    /// </summary>
    public static async Task<IReadOnlyList<MemberRow>> MembersAsync(string connectionString, string clusterId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            "SELECT silo_name, status, address, port, generation FROM testbed_cluster_member WHERE deployment_id = @cluster", connection);
        select.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var members = new List<MemberRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new MemberRow(reader.GetString(0), (SiloStatus)reader.GetInt32(1), $"{reader.GetString(2)}:{reader.GetInt32(3)}", reader.GetInt32(4)));
        }

        return members;
    }

    public static async Task EnsureAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            locking.Parameters.AddWithValue("lock", CreationLock);
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(Tables, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (key, text) in Queries)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText",
                connection, transaction);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
