using Npgsql;

namespace Testbed.Results.Store;

/// <summary>
/// Which results database a run goes to: a SQLite file or a PostgreSQL server, with the
/// connection string to open it. <see cref="ToString"/> names it without the password, for messages.
/// </summary>
public sealed record ResultsDatabaseLocation(ResultsDatabaseKind Kind, string ConnectionString)
{
    /// <summary>The environment variable that names the database when no option does.</summary>
    public const string EnvironmentVariable = "TESTBED_RESULTS_DB";

    /// <summary>
    /// One line, an Npgsql connection string: `testbed dashboards up` writes it when the lab's
    /// PostgreSQL is up, and `down` removes it, so runs go where Grafana reads while it is there.
    /// </summary>
    public const string LabConnectionFile = "/var/lib/testbed/results-db";

    /// <summary>The command-line option that names the database.</summary>
    public const string OptionName = "--results-db";

    /// <summary>The default database's file name, in the results root.</summary>
    public const string DefaultFileName = "testbed.db";

    /// <summary>
    /// The database to use: <paramref name="option"/> (--results-db), else the environment
    /// variable, else the lab's connection file when it exists, else SQLite in the results root.
    /// The option may not hold a password: every user of the machine reads a command line (ps,
    /// /proc/PID/cmdline). Npgsql takes one from the environment (PGPASSWORD, or the whole
    /// string in TESTBED_RESULTS_DB) or from a password file (Passfile=PATH, PGPASSFILE, ~/.pgpass).
    /// </summary>
    public static ResultsDatabaseLocation Choose(string? option, string resultsRoot, string? environment = null, string labConnectionFile = LabConnectionFile)
    {
        if (option is { Length: > 0 })
        {
            var location = Parse(option, OptionName);
            return location.HasPassword
                ? throw new ResultsDatabaseException(
                    $"{OptionName}: a password on the command line can be read by every user of this machine; give the connection in {EnvironmentVariable}, the password in PGPASSWORD, or a password file (Passfile=PATH in the connection, PGPASSFILE, or ~/.pgpass)")
                : location;
        }

        if (environment is { Length: > 0 })
        {
            return Parse(environment, EnvironmentVariable);
        }

        if (File.Exists(labConnectionFile))
        {
            var line = File.ReadLines(labConnectionFile).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
                ?? throw new ResultsDatabaseException($"{labConnectionFile}: empty; run 'testbed dashboards up' again, or remove the file to use {Path.Combine(resultsRoot, DefaultFileName)}");
            return Parse(line, labConnectionFile);
        }

        return Sqlite(Path.Combine(resultsRoot, DefaultFileName));
    }

    /// <summary>The database as the environment names it, for commands that read TESTBED_RESULTS_DB themselves.</summary>
    public static ResultsDatabaseLocation Choose(string? option, string resultsRoot) =>
        Choose(option, resultsRoot, System.Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>
    /// A PostgreSQL connection (an Npgsql connection string such as "Host=...;Database=...", or a
    /// postgres:// or postgresql:// URI) or a SQLite file (a path ending in .db).
    /// <paramref name="source"/> names where the value came from, for the message.
    /// </summary>
    public static ResultsDatabaseLocation Parse(string value, string source)
    {
        var text = value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUri(text, source);
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            return FromConnectionString(text, source);
        }

        if (text.EndsWith(".db", StringComparison.Ordinal))
        {
            return Sqlite(Path.GetFullPath(text));
        }

        // The value may be a mistyped connection string: it is quoted only when it cannot hold a password.
        var shown = text.Contains('@', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal) ? "the value" : $"'{text}'";
        throw new ResultsDatabaseException(
            $"{source}: {shown} is neither a PostgreSQL connection (Host=HOST;Database=DB;Username=USER, or postgresql://USER@HOST/DB) nor a SQLite file (a path ending in .db)");
    }

    public static ResultsDatabaseLocation Sqlite(string path) => new(ResultsDatabaseKind.Sqlite, path);

    /// <summary>Whether the connection itself holds a password.</summary>
    public bool HasPassword => Kind == ResultsDatabaseKind.Postgres && new NpgsqlConnectionStringBuilder(ConnectionString).Password is { Length: > 0 };

    /// <summary>The SQLite file's path; only for <see cref="ResultsDatabaseKind.Sqlite"/>.</summary>
    public string SqlitePath => Kind == ResultsDatabaseKind.Sqlite ? ConnectionString : throw new InvalidOperationException("not a SQLite database");

    public override string ToString()
    {
        if (Kind == ResultsDatabaseKind.Sqlite)
        {
            return $"SQLite {ConnectionString}";
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var user = builder.Username is { Length: > 0 } name ? $" as {name}" : "";
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}{user}";
    }

    private static ResultsDatabaseLocation FromConnectionString(string text, string source)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException e)
        {
            // Npgsql's messages name the bad key, never the values.
            throw new ResultsDatabaseException($"{source}: not a valid Npgsql connection string ({e.Message})", e);
        }

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new ResultsDatabaseException($"{source}: the PostgreSQL connection string has no Host=");
        }

        return new ResultsDatabaseLocation(ResultsDatabaseKind.Postgres, builder.ConnectionString);
    }

    private static ResultsDatabaseLocation FromUri(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ResultsDatabaseException($"{source}: not a valid postgresql:// URI (postgresql://USER:PASSWORD@HOST:PORT/DATABASE)");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        return new ResultsDatabaseLocation(ResultsDatabaseKind.Postgres, builder.ConnectionString);
    }
}
