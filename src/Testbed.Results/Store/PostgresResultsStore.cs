using System.Data.Common;
using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;

namespace Testbed.Results.Store;

/// <summary>The results database on a PostgreSQL server, such as the lab's, that Grafana reads.</summary>
public sealed class PostgresResultsStore : ResultsStore
{
    private PostgresResultsStore(NpgsqlConnection connection, ResultsDatabaseLocation location)
        : base(connection, SqlDialect.Postgres, location)
    {
    }

    internal static async Task<ResultsStore> ConnectAsync(ResultsDatabaseLocation location, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(location.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new PostgresResultsStore(connection, location);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync();

            // Npgsql's messages name the host, the user and the database, never the password.
            throw new ResultsDatabaseException($"cannot reach the results database ({location}): {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Binary COPY: the values go as PostgreSQL's own binary types, with no SQL text per row.</summary>
    private protected override async Task BulkInsertAsync(TableRows table, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)Connection;
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table.Table} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in table.Rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var value in row)
            {
                switch (value)
                {
                    case null:
                        await importer.WriteNullAsync(cancellationToken);
                        break;
                    case string text:
                        await importer.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);
                        break;
                    case int whole:
                        await importer.WriteAsync(whole, NpgsqlDbType.Integer, cancellationToken);
                        break;
                    case long whole:
                        await importer.WriteAsync(whole, NpgsqlDbType.Bigint, cancellationToken);
                        break;
                    case double number:
                        await importer.WriteAsync(number, NpgsqlDbType.Double, cancellationToken);
                        break;
                    case bool flag:
                        await importer.WriteAsync(flag, NpgsqlDbType.Boolean, cancellationToken);
                        break;
                    case DateTimeOffset at:
                        await importer.WriteAsync(at.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
                        break;
                    default:
                        throw new InvalidOperationException($"{table.Table}: no COPY type for {value.GetType().Name}");
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }
}
