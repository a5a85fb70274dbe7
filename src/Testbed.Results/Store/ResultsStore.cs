using System.Data.Common;
using System.Globalization;
using Testbed.Results.Reading;

namespace Testbed.Results.Store;

/// <summary>
/// The results database: every run's summary, rows, events and calibration, keyed by run
/// id, in SQLite or PostgreSQL. Opening it migrates its schema. A run is written in one
/// transaction, and writing a run that is there already changes nothing, with one exception:
/// a run stored without a summary (cut short, or imported while it ran) is replaced by the
/// same run with one. Not safe for concurrent use: one store, one caller at a time.
/// </summary>
public abstract class ResultsStore : IAsyncDisposable
{
    private protected ResultsStore(DbConnection connection, SqlDialect dialect, ResultsDatabaseLocation location)
    {
        Connection = connection;
        Dialect = dialect;
        Location = location;
    }

    public ResultsDatabaseLocation Location { get; }

    public SqlDialect Dialect { get; }

    protected DbConnection Connection { get; }

    /// <summary>Opens the database and brings its schema to this code's version.</summary>
    /// <exception cref="ResultsDatabaseException">The database cannot be reached or opened, or is newer than this code.</exception>
    public static async Task<ResultsStore> OpenAsync(ResultsDatabaseLocation location, CancellationToken cancellationToken)
    {
        ResultsStore store = location.Kind switch
        {
            ResultsDatabaseKind.Sqlite => await SqliteResultsStore.ConnectAsync(location, cancellationToken),
            _ => await PostgresResultsStore.ConnectAsync(location, cancellationToken),
        };
        try
        {
            await SchemaMigrator.MigrateAsync(store.Connection, store.Dialect, location.ToString(), cancellationToken);
            return store;
        }
        catch (DbException e)
        {
            await store.DisposeAsync();
            throw new ResultsDatabaseException($"{location}: cannot prepare the results schema: {OneLine(e.Message)}", e);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public Task<int> SchemaVersionAsync(CancellationToken cancellationToken) => SchemaMigrator.VersionAsync(Connection, null, cancellationToken);

    /// <summary>Writes a run read from its directory; see the class for when a run already there is replaced.</summary>
    public async Task<ImportOutcome> ImportAsync(RunResults run, CancellationToken cancellationToken)
    {
        // Everything is computed first, so that a run whose files disagree writes nothing.
        var tables = RunTableRows.Of(run, DateTimeOffset.UtcNow);
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var outcome = ImportOutcome.Imported;
        await using (var find = Command(transaction, "SELECT has_summary FROM runs WHERE run_id = @run_id"))
        {
            Parameters.Add(find, "@run_id", run.RunId);
            if (await find.ExecuteScalarAsync(cancellationToken) is { } stored and not DBNull)
            {
                if (Convert.ToBoolean(stored, CultureInfo.InvariantCulture) || run.Summary is null)
                {
                    return ImportOutcome.AlreadyPresent;
                }

                await DeleteAsync(run.RunId, transaction, cancellationToken);
                outcome = ImportOutcome.Replaced;
            }
        }

        foreach (var table in tables)
        {
            if (table.Bulk)
            {
                await BulkInsertAsync(table, transaction, cancellationToken);
            }
            else
            {
                await InsertAsync(table, transaction, prepare: false, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Adds rows to a run stored without its summary, while it goes (<see cref="LiveRunWriter"/>);
    /// the import of the finished run replaces them all.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<TableRows> tables, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in tables.Where(t => t.Rows.Count > 0))
        {
            if (table.Bulk)
            {
                await BulkInsertAsync(table, transaction, cancellationToken);
            }
            else
            {
                await InsertAsync(table, transaction, prepare: false, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A run as it was imported, or null when the database does not have it.</summary>
    public Task<RunResults?> ReadAsync(string runId, CancellationToken cancellationToken) => StoredRunReader.ReadAsync(Connection, runId, cancellationToken);

    /// <summary>Every run's id, in the order they were started.</summary>
    public async Task<IReadOnlyList<string>> RunIdsAsync(CancellationToken cancellationToken)
    {
        await using var command = Command(null, "SELECT run_id FROM runs ORDER BY started_ticks, run_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>How many rows each table of <see cref="ResultsSchema.RunTables"/> holds.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in ResultsSchema.RunTables)
        {
            // The table names are the schema's own constants, never input.
            await using var command = Command(null, "SELECT COUNT(*) FROM " + table);
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes many rows fast: SQLite with one prepared INSERT, PostgreSQL with binary COPY.</summary>
    private protected abstract Task BulkInsertAsync(TableRows table, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// One INSERT per row, through one command whose parameters change. Preparing pays only
    /// for many rows, and only where a null first value does not fix a parameter's type (SQLite).
    /// </summary>
    private protected async Task InsertAsync(TableRows table, DbTransaction transaction, bool prepare, CancellationToken cancellationToken)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }

        var names = table.Columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var values = names.Select((name, i) => table.Json.Contains(table.Columns[i]) ? Dialect.JsonValue(name) : name);
        await using var command = Command(transaction, $"INSERT INTO {table.Table} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", values)})");
        var parameters = names.Select(name => Parameters.Add(command, name, null)).ToList();
        var prepared = !prepare;
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    DateTimeOffset at => Dialect.Instant(at),
                    var value => value,
                };
            }

            if (!prepared)
            {
                await command.PrepareAsync(cancellationToken);
                prepared = true;
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private protected DbCommand Command(DbTransaction? transaction, string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private protected static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private async Task DeleteAsync(string runId, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var table in ResultsSchema.RunTables)
        {
            await using var delete = Command(transaction, $"DELETE FROM {table} WHERE run_id = @run_id");
            Parameters.Add(delete, "@run_id", runId);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
