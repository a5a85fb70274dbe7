using System.Data.Common;

namespace Testbed.Results.Store;

/// <summary>Brings a results database to <see cref="ResultsSchema.CurrentVersion"/>, or refuses one that is newer.</summary>
public static class SchemaMigrator
{
    /// <summary>
    /// Applies the steps the database lacks, all in one transaction, so that a failed step
    /// leaves the database as it was. Returns the version the database had before.
    /// </summary>
    public static async Task<int> MigrateAsync(DbConnection connection, SqlDialect dialect, string databaseName, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (dialect.LockForMigration.Length > 0)
        {
            await ExecuteAsync(connection, transaction, dialect.LockForMigration, cancellationToken);
        }

        await ExecuteAsync(connection, transaction,
            $"CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at {dialect.Timestamp} NOT NULL)",
            cancellationToken);
        var before = await VersionAsync(connection, transaction, cancellationToken);
        if (before > ResultsSchema.CurrentVersion)
        {
            throw new ResultsDatabaseException(
                $"{databaseName}: its schema is version {before}, newer than this testbed's {ResultsSchema.CurrentVersion}; update the testbed, or choose another database with --results-db");
        }

        foreach (var step in ResultsSchema.Steps.Where(s => s.Version > before))
        {
            await ExecuteAsync(connection, transaction, step.Sql(dialect), cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @applied_at)";
            Parameters.Add(record, "@version", step.Version);
            Parameters.Add(record, "@description", step.Description);
            Parameters.Add(record, "@applied_at", dialect.Instant(DateTimeOffset.UtcNow));
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return before;
    }

    /// <summary>The version a database's schema_version says it has; 0 for a database never migrated.</summary>
    public static async Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
