using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Testbed.Results.Store;

/// <summary>The results database as one SQLite file: the default, results/testbed.db.</summary>
public sealed class SqliteResultsStore : ResultsStore
{
    private SqliteResultsStore(SqliteConnection connection, ResultsDatabaseLocation location)
        : base(connection, SqlDialect.Sqlite, location)
    {
    }

    internal static async Task<ResultsStore> ConnectAsync(ResultsDatabaseLocation location, CancellationToken cancellationToken)
    {
        var path = location.SqlitePath;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,

            // A pooled connection would keep the file open after the store is gone.
            Pooling = false,
        }.ToString());
        try
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await connection.OpenAsync(cancellationToken);
            return new SqliteResultsStore(connection, location);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            await connection.DisposeAsync();
            throw new ResultsDatabaseException($"{location}: cannot open: {OneLine(e.Message)}", e);
        }
    }

    private protected override Task BulkInsertAsync(TableRows table, DbTransaction transaction, CancellationToken cancellationToken) =>
        InsertAsync(table, transaction, prepare: true, cancellationToken);
}
