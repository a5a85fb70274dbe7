using Npgsql;

namespace Testbed.Results.Store;

/// <summary>
/// A PostgreSQL role that can log in and read the results, and nothing else: what Grafana's
/// datasource uses, so that a dashboard (or whoever holds its password) can never change or
/// drop a result. It reads every table there is and every table the owner makes later.
/// </summary>
public static class ReadOnlyRole
{
    /// <summary>
    /// Creates <paramref name="role"/> when it is missing, and sets its password and rights
    /// either way: safe to repeat. <paramref name="ownerConnectionString"/> is the database
    /// owner's, who makes the tables.
    /// </summary>
    public static async Task EnsureAsync(string ownerConnectionString, string role, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            var location = new ResultsDatabaseLocation(ResultsDatabaseKind.Postgres, ownerConnectionString);
            throw new ResultsDatabaseException($"cannot reach the results database ({location}) to make its read-only role: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        await using var command = connection.CreateCommand();

        // The names and the password go in as parameters, through settings the block reads:
        // a DO block takes none, and format(%I, %L) quotes them.
        command.CommandText = """
            SELECT set_config('testbed.reader', @role, false), set_config('testbed.reader_password', @password, false);
            DO $$
            DECLARE
                reader text := current_setting('testbed.reader');
            BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = reader) THEN
                    EXECUTE format('CREATE ROLE %I', reader);
                END IF;
                EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD %L',
                    reader, current_setting('testbed.reader_password'));
                EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), reader);
                EXECUTE format('REVOKE CREATE ON SCHEMA public FROM PUBLIC, %I', reader);
                EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', reader);
                EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', reader);
                EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO %I', reader);
            END
            $$;
            SELECT set_config('testbed.reader_password', '', false);
            """;
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("password", password);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
