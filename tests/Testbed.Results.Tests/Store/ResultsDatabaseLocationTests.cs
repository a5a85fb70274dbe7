using Npgsql;
using Testbed.Results.Store;

namespace Testbed.Results.Tests.Store;

public sealed class ResultsDatabaseLocationTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-location-").FullName;

    private string LabFile => Path.Combine(_scratch, "results-db");

    private string NoLabFile => Path.Combine(_scratch, "absent");

    [Fact]
    public void The_option_comes_first_then_the_environment_then_the_lab_file_then_sqlite_in_the_results_root()
    {
        File.WriteAllText(LabFile, "\nHost=lab-db;Database=testbed;Username=grafana;Password=x\n");

        Assert.Equal(ResultsDatabaseLocation.Sqlite(Path.GetFullPath("mine.db")), ResultsDatabaseLocation.Choose("mine.db", "/r", "Host=env", LabFile));
        Assert.Equal("env", Host(ResultsDatabaseLocation.Choose(null, "/r", "Host=env", LabFile)));
        Assert.Equal("lab-db", Host(ResultsDatabaseLocation.Choose(null, "/r", null, LabFile)));
        Assert.Equal(ResultsDatabaseLocation.Sqlite("/r/testbed.db"), ResultsDatabaseLocation.Choose("", "/r", "", NoLabFile));
    }

    [Fact]
    public void A_postgresql_uri_becomes_an_npgsql_connection_that_prints_without_its_password()
    {
        var location = ResultsDatabaseLocation.Parse("postgresql://grafana:p%40ss;word@db.lab:6543/results", "--results-db");

        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(ResultsDatabaseKind.Postgres, location.Kind);
        Assert.Equal(("db.lab", 6543, "grafana", "p@ss;word", "results"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
        Assert.Equal("PostgreSQL db.lab:6543/results as grafana", location.ToString());
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(ResultsDatabaseLocation.Parse("postgres://h/db", "x").ConnectionString).Port);
    }

    [Fact]
    public void An_npgsql_connection_string_is_postgresql_and_a_db_path_is_sqlite()
    {
        Assert.Equal(ResultsDatabaseKind.Postgres, ResultsDatabaseLocation.Parse("Host=127.0.0.1;Port=5433;Database=t", "x").Kind);
        Assert.Equal(ResultsDatabaseKind.Postgres, ResultsDatabaseLocation.Parse("  host=h;database=t  ", "x").Kind);
        var sqlite = ResultsDatabaseLocation.Parse("results/other.db", "x");
        Assert.Equal((ResultsDatabaseKind.Sqlite, Path.GetFullPath("results/other.db")), (sqlite.Kind, sqlite.SqlitePath));
    }

    [Theory]
    [InlineData("mysql://root:hunter2@db/results", "--results-db: the value is neither")]
    [InlineData("results.sqlite", "--results-db: 'results.sqlite' is neither")]
    [InlineData("Database=results;Password=hunter2", "--results-db: the PostgreSQL connection string has no Host=")]
    [InlineData("Host=h;Colour=blue;Password=hunter2", "--results-db: not a valid Npgsql connection string")]
    public void A_bad_value_fails_in_one_line_without_its_password(string value, string start)
    {
        var error = Assert.Throws<ResultsDatabaseException>(() => ResultsDatabaseLocation.Parse(value, "--results-db"));

        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_empty_lab_file_says_what_to_do()
    {
        File.WriteAllText(LabFile, "\n");

        var error = Assert.Throws<ResultsDatabaseException>(() => ResultsDatabaseLocation.Choose(null, "/r", null, LabFile));

        Assert.Equal($"{LabFile}: empty; run 'testbed dashboards up' again, or remove the file to use /r/testbed.db", error.Message);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string? Host(ResultsDatabaseLocation location) => new NpgsqlConnectionStringBuilder(location.ConnectionString).Host;
}
