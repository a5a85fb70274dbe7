using Npgsql;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Cluster;

/// <summary>A cluster file for emulated hosts: a fresh database of the suite's PostgreSQL, reached through its socket, and the hosts h1..hN.</summary>
internal static class ClusterFile
{
    public static async Task<string> WriteAsync(EmulatedHosts hosts, PostgresServer postgres, string folder)
    {
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()).Database!;
        var path = Path.Combine(folder, "cluster.yaml");
        var lines = new List<string>
        {
            $"cluster: test-{hosts.Tag}",
            "database:",
            $"  connection: \"{postgres.SocketConnectionString(database)}\"",
            "hosts:",
        };
        lines.AddRange(hosts.Hosts.Select(h => $"  - {{ name: {h.Name}, address: {h.Address} }}"));
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }
}
