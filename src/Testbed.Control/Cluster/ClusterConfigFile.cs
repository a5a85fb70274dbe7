using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;
using Testbed.Experiments.Files;

namespace Testbed.Control.Cluster;

/// <summary>
/// Reads a cluster file: every problem at its file:line:col, as an experiment file's are.
/// <code>
/// cluster: lab
/// database:
///   connection: "Host=192.168.56.10;Database=testbed;Username=testbed_cluster"
///   password_file: /etc/testbed/cluster-password
/// silo_port: 11111
/// gateway_port: 30000
/// hosts:
///   - { name: testbed, address: 192.168.56.10 }
///   - { name: testbed-2, address: 192.168.56.11 }
/// </code>
/// The password stays out of the file the hosts share: it is read from password_file, which
/// only root should read.
/// </summary>
public static partial class ClusterConfigFile
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    private static readonly string[] TopKeys = ["cluster", "database", "silo_port", "gateway_port", "hosts"];
    private static readonly string[] DatabaseKeys = ["connection", "password_file"];
    private static readonly string[] HostKeys = ["name", "address"];

    public static ClusterConfig Load(string path)
    {
        var text = File.ReadAllText(path);
        var document = MarkedDocument.Parse(path, text);
        var problems = new List<ExperimentProblem>();
        var config = Bind(document, problems);
        return problems.Count > 0 || config is null ? throw new ExperimentFileException(problems) : config;
    }

    private static ClusterConfig? Bind(MarkedDocument document, List<ExperimentProblem> problems)
    {
        void Problem(string pointer, string message, bool atKey = false) =>
            problems.Add(new ExperimentProblem(atKey ? document.KeyAt(pointer) : document.ValueAt(pointer), message));

        if (document.Root is not JsonObject root)
        {
            Problem("", "a cluster file is a mapping: cluster, database, hosts, and optionally silo_port and gateway_port");
            return null;
        }

        UnknownKeys(root, "", TopKeys, Problem);
        var cluster = root["cluster"] is JsonValue c && c.TryGetValue<string>(out var id) ? id : null;
        if (cluster is null || !NamePattern().IsMatch(cluster))
        {
            Problem("/cluster", "cluster: a name of letters, digits, '-' and '_' is needed, the Orleans cluster id the hosts share (quote one of digits alone)");
        }

        var connection = Database(document, root, problems, Problem);
        var siloPort = Port(root, "silo_port", DefaultSiloPort, Problem);
        var gatewayPort = Port(root, "gateway_port", DefaultGatewayPort, Problem);
        if (siloPort is { } silo && gatewayPort is { } gateway && silo == gateway)
        {
            // At whichever of the two the file gave: the other is the default.
            var given = root["gateway_port"] is not null ? "gateway_port" : "silo_port";
            Problem($"/{given}", $"{given}: silo_port and gateway_port must differ (both are {silo})");
        }

        var hosts = new List<ClusterHost>();
        if (root["hosts"] is not JsonArray list || list.Count == 0)
        {
            Problem("/hosts", "hosts: a list of { name, address } is needed, the coordinator first");
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                var pointer = $"/hosts/{i}";
                if (list[i] is not JsonObject host)
                {
                    Problem(pointer, "a host is { name, address }");
                    continue;
                }

                UnknownKeys(host, pointer, HostKeys, Problem);
                var name = host["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null;
                if (name is null || !NamePattern().IsMatch(name))
                {
                    Problem($"{pointer}/name", "name: letters, digits, '-' and '_', the host's silo name");
                    continue;
                }

                if (hosts.Any(h => h.Name == name))
                {
                    Problem($"{pointer}/name", $"name: host '{name}' is named twice");
                    continue;
                }

                // Four dotted numbers, written out: IPAddress.TryParse alone also takes "192.168.56" (as 192.168.0.56) or one integer.
                var text = host["address"]?.ToString();
                if (text is null || !DottedQuad().IsMatch(text) || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork
                    || IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any))
                {
                    Problem($"{pointer}/address", $"address: the IPv4 address host '{name}' has on the hosts' own network, which the others reach it on");
                    continue;
                }

                if (hosts.FirstOrDefault(h => h.Address.Equals(address)) is { } same)
                {
                    Problem($"{pointer}/address", $"address: {address} is host '{same.Name}'s already; one silo a host");
                    continue;
                }

                hosts.Add(new ClusterHost(name, address));
            }
        }

        return problems.Count == 0 ? new ClusterConfig(cluster!, connection!, siloPort!.Value, gatewayPort!.Value, hosts) : null;
    }

    private static string? Database(MarkedDocument document, JsonObject root, List<ExperimentProblem> problems, Action<string, string, bool> problem)
    {
        if (root["database"] is not JsonObject database)
        {
            problem("/database", "database: { connection, password_file } is needed: the PostgreSQL the hosts keep their membership in", false);
            return null;
        }

        UnknownKeys(database, "/database", DatabaseKeys, problem);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(database["connection"]?.ToString() ?? throw new ArgumentException("it is missing"));
        }
        catch (ArgumentException e)
        {
            problem("/database/connection", $"connection: a PostgreSQL connection string (Host=...;Database=...;Username=...) is needed: {e.Message}", false);
            return null;
        }

        if (!string.IsNullOrEmpty(builder.Password))
        {
            problem("/database/connection", "connection: keep the password out of the file every host shares; give password_file, readable by root alone", false);
            return null;
        }

        if (database["password_file"]?.ToString() is { } passwordFile)
        {
            var full = Path.GetFullPath(passwordFile, Path.GetDirectoryName(Path.GetFullPath(document.File)) ?? "/");
            try
            {
                builder.Password = File.ReadAllText(full).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem("/database/password_file", $"password_file: cannot read {full}: {e.Message}", false);
                return null;
            }
        }

        return builder.ConnectionString;
    }

    /// <summary>The port the file gives, or the default when it gives none; null when what it gives is no port.</summary>
    private static int? Port(JsonObject root, string key, int fallback, Action<string, string, bool> problem)
    {
        if (root[key] is null)
        {
            return fallback;
        }

        if (root[key] is JsonValue value && value.TryGetValue<long>(out var port) && port is > 0 and < 65536)
        {
            return (int)port;
        }

        problem($"/{key}", $"{key}: a TCP port, 1-65535 (default {fallback.ToString(CultureInfo.InvariantCulture)})", false);
        return null;
    }

    private static void UnknownKeys(JsonObject node, string pointer, string[] known, Action<string, string, bool> problem)
    {
        foreach (var (key, _) in node)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                problem(MarkedDocument.Child(pointer, key), $"unknown key '{key}': expected {string.Join(", ", known)}", true);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex DottedQuad();
}
