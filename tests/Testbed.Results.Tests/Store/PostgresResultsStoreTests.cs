using System.Data.Common;
using Npgsql;
using Testbed.Results.Store;
using Testbed.Results.Tests.Fixtures;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Store;

[Collection(PostgresTests.Name)]
public sealed class PostgresResultsStoreTests(PostgresServer server) : ResultsStoreContract
{
    protected override async Task<ResultsDatabaseLocation> NewDatabaseAsync() =>
        new(ResultsDatabaseKind.Postgres, await server.CreateDatabaseAsync());

    protected override DbConnection Connect(ResultsDatabaseLocation location) => new NpgsqlConnection(location.ConnectionString);

    [Fact]
    public async Task A_wrong_password_fails_in_one_line_that_does_not_show_it()
    {
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Password = "not-the-password-42" };

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(
            () => ResultsStore.OpenAsync(ResultsDatabaseLocation.Parse(wrong.ConnectionString, "--results-db"), None));

        Assert.StartsWith($"cannot reach the results database (PostgreSQL 127.0.0.1:{server.Port}/postgres as postgres): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_server_that_is_not_there_fails_in_one_line()
    {
        // The fixture's port, one higher: nothing of ours listens there.
        var location = ResultsDatabaseLocation.Parse($"postgresql://postgres:{PostgresServer.Password}@127.0.0.1:{server.Port + 1}/results", "TESTBED_RESULTS_DB");

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => ResultsStore.OpenAsync(location, None));

        Assert.StartsWith($"cannot reach the results database (PostgreSQL 127.0.0.1:{server.Port + 1}/results as postgres): ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, error.Message, StringComparison.Ordinal);
    }
}
