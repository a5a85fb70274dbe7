using Npgsql;
using Testbed.Results.Reading;
using Testbed.Results.Store;
using Testbed.Results.Tests.Fixtures;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Store;

/// <summary>Grafana's read-only role, made in a real PostgreSQL over a results database the importer wrote.</summary>
[Collection(PostgresTests.Name)]
public sealed class ReadOnlyRoleTests(PostgresServer server)
{
    private const string Reader = "grafana_reader_test";

    [Fact]
    public async Task The_reader_reads_every_table_now_and_later_and_can_change_none()
    {
        var owner = await server.CreateDatabaseAsync();
        await using (var store = await ResultsStore.OpenAsync(ResultsDatabaseLocation.Parse(owner, "test"), CancellationToken.None))
        {
            await store.ImportAsync(RunResultsReader.Read(RecordedRuns.OneMove), CancellationToken.None);
        }

        await ReadOnlyRole.EnsureAsync(owner, Reader, "first-reader-secret");
        await ReadOnlyRole.EnsureAsync(owner, Reader, "reader-secret-42");
        await Execute(owner, "CREATE TABLE made_later (x int); INSERT INTO made_later VALUES (1)");

        var reader = new NpgsqlConnectionStringBuilder(owner) { Username = Reader, Password = "reader-secret-42" }.ConnectionString;
        Assert.True(await Scalar(reader, "SELECT count(*) FROM runs") > 0);
        Assert.Equal(1, await Scalar(reader, "SELECT count(*) FROM made_later"));
        foreach (var change in (string[])["DELETE FROM runs", "INSERT INTO made_later VALUES (2)", "DROP TABLE made_later", "CREATE TABLE mine (x int)"])
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(reader, change));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{change}: {refused.SqlState} {refused.MessageText}");
        }

        // The earlier password no longer opens it.
        var stale = new NpgsqlConnectionStringBuilder(reader) { Password = "first-reader-secret" }.ConnectionString;
        Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => Scalar(stale, "SELECT 1"))).SqlState);
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
