namespace Testbed.Results.Store;

/// <summary>
/// What differs between the two databases the results go to: the names of a few column
/// types, how a JSON value is bound, and how a schema migration keeps a second process out.
/// Everything else in the schema and the queries is the same SQL for both.
/// </summary>
public sealed class SqlDialect
{
    /// <summary>SQLite keeps instants as ISO 8601 text (its date functions read it) and JSON as text.</summary>
    public static readonly SqlDialect Sqlite = new(
        ResultsDatabaseKind.Sqlite, "text", "text", "integer", "", p => p,
        // UTC with a Z: SQLite's datetime() reads it, and text order is time order.
        at => at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>PostgreSQL keeps instants as timestamptz and JSON as jsonb, for Grafana's time axis and ->> queries.</summary>
    public static readonly SqlDialect Postgres = new(
        ResultsDatabaseKind.Postgres, "timestamptz", "jsonb", "boolean",
        // Two runs that finish at once both open the database: only one may migrate it.
        "SELECT pg_advisory_xact_lock(7207101);", p => p + "::jsonb",
        // Npgsql writes a DateTimeOffset to timestamptz only at offset zero.
        at => at.ToUniversalTime());

    private readonly Func<string, string> _jsonValue;
    private readonly Func<DateTimeOffset, object> _instant;

    private SqlDialect(
        ResultsDatabaseKind kind, string timestamp, string json, string boolean, string lockForMigration, Func<string, string> jsonValue, Func<DateTimeOffset, object> instant)
    {
        _instant = instant;
        Kind = kind;
        Timestamp = timestamp;
        Json = json;
        Boolean = boolean;
        LockForMigration = lockForMigration;
        _jsonValue = jsonValue;
    }

    public ResultsDatabaseKind Kind { get; }

    /// <summary>The column type of an absolute instant.</summary>
    public string Timestamp { get; }

    /// <summary>The column type of a JSON document.</summary>
    public string Json { get; }

    public string Boolean { get; }

    /// <summary>A statement run first in a migration's transaction; empty where the transaction itself excludes others (SQLite's BEGIN IMMEDIATE).</summary>
    public string LockForMigration { get; }

    /// <summary>The SQL that binds parameter <paramref name="parameter"/> (text) to a JSON column.</summary>
    public string JsonValue(string parameter) => _jsonValue(parameter);

    /// <summary>An instant as a parameter value for a <see cref="Timestamp"/> column.</summary>
    public object Instant(DateTimeOffset at) => _instant(at);
}
