using System.Globalization;

namespace Testbed.Dashboards.Stack;

/// <summary>The Npgsql connection string that `testbed run` on this host uses to write into the stack's PostgreSQL.</summary>
public static class ResultsDatabaseConnection
{
    public static string For(int port, string password) => string.Create(
        CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={port};Database={DashboardsNames.Database};Username={DashboardsNames.DatabaseUser};Password={password}");
}
