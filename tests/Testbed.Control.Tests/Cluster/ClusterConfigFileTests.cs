using System.Net;
using Npgsql;
using Testbed.Control.Cluster;
using Testbed.Experiments.Files;

namespace Testbed.Control.Tests.Cluster;

/// <summary>
/// Cluster files as an operator writes them: what a good one binds to, and each mistake
/// refused at the place in the file where it is. A refused file is written with a » where the
/// problem should be reported; the mark is taken out before the file is written, so the
/// expected line and column come from the file's own text.
/// </summary>
public sealed class ClusterConfigFileTests : IDisposable
{
    private const string Here = "»";

    private const string Connection = "Host=192.168.56.10;Database=testbed;Username=testbed_cluster";

    private const string GoodDatabase = $"  connection: \"{Connection}\"";

    private const string TwoHosts = """
          - { name: testbed, address: 192.168.56.10 }
          - { name: testbed-2, address: 192.168.56.11 }
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tbt-cluster-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A cluster file in the documented order; <paramref name="hosts"/> null leaves the hosts out.</summary>
    private static string ClusterFile(string cluster = "lab", string database = GoodDatabase, string extra = "", string? hosts = TwoHosts) =>
        $"cluster: {cluster}\ndatabase:\n{database}\n{extra}" + (hosts is null ? "" : $"hosts:\n{hosts}\n");

    private string Write(string text, string name = "cluster.yaml")
    {
        var path = Path.Combine(_folder.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The text without its mark, and the mark's 1-based line and column, as an editor counts them.</summary>
    private static (string Text, int Line, int Column) Unmark(string marked)
    {
        var at = marked.IndexOf(Here, StringComparison.Ordinal);
        Assert.True(at >= 0 && marked.IndexOf(Here, at + 1, StringComparison.Ordinal) < 0, "a refused file is marked once");
        var lineStart = marked.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var line = marked[..at].Count(c => c == '\n') + 1;
        return (marked.Remove(at, Here.Length), line, at - lineStart + 1);
    }

    /// <summary>Loads the marked file, expecting it refused for one problem, at the mark.</summary>
    private ExperimentProblem RefusedAtMark(string marked)
    {
        var (text, line, column) = Unmark(marked);
        var path = Write(text);
        var refused = Assert.Throws<ExperimentFileException>(() => ClusterConfigFile.Load(path));
        var problem = Assert.Single(refused.Problems);
        Assert.Equal(new SourceLocation(path, line, column), problem.Location);
        return problem;
    }

    [Fact]
    public void A_good_file_binds_its_cluster_database_and_hosts_with_the_default_ports_and_the_first_host_as_coordinator()
    {
        var path = Write(ClusterFile());

        var config = ClusterConfigFile.Load(path);

        Assert.Equal("lab", config.ClusterId);
        var written = new NpgsqlConnectionStringBuilder(Connection);
        var bound = new NpgsqlConnectionStringBuilder(config.DatabaseConnection);
        Assert.Equal((written.Host, written.Database, written.Username), (bound.Host, bound.Database, bound.Username));
        Assert.True(string.IsNullOrEmpty(bound.Password), "no password_file, so no password");

        // The documented defaults, when the file gives no ports.
        Assert.Equal((11111, 30000), (config.SiloPort, config.GatewayPort));
        Assert.Equal((ClusterConfigFile.DefaultSiloPort, ClusterConfigFile.DefaultGatewayPort), (config.SiloPort, config.GatewayPort));

        Assert.Equal(
            [new ClusterHost("testbed", IPAddress.Parse("192.168.56.10")), new ClusterHost("testbed-2", IPAddress.Parse("192.168.56.11"))],
            config.Hosts);
        Assert.Equal(config.Hosts[0], config.Coordinator);
        Assert.Equal(config.Hosts[1], config.Host("testbed-2"));
        Assert.Throws<ArgumentException>(() => config.Host("testbed-3"));
    }

    [Theory]
    [InlineData(11112, 30001)]
    [InlineData(1, 65535)]
    [InlineData(65535, 1)]
    public void Ports_the_file_gives_are_kept_up_to_the_ends_of_the_range(int silo, int gateway)
    {
        var path = Write(ClusterFile(extra: $"silo_port: {silo}\ngateway_port: {gateway}\n"));

        var config = ClusterConfigFile.Load(path);

        Assert.Equal((silo, gateway), (config.SiloPort, config.GatewayPort));
    }

    [Fact]
    public void A_single_host_in_block_style_is_a_cluster_of_its_coordinator_alone()
    {
        var path = Write(ClusterFile(hosts: "  - name: solo\n    address: 10.0.0.5"));

        var config = ClusterConfigFile.Load(path);

        Assert.Equal(new ClusterHost("solo", IPAddress.Parse("10.0.0.5")), Assert.Single(config.Hosts));
        Assert.Equal("solo", config.Coordinator.Name);
    }

    [Theory]
    [InlineData("cluster-password", "conf/cluster-password")]
    [InlineData("../secrets/cluster-password", "secrets/cluster-password")]
    public void The_password_file_is_read_beside_the_cluster_file_and_its_password_ends_up_in_the_connection(string given, string writtenAt)
    {
        // The cluster file sits in a folder of its own, away from the test's working folder, so
        // that only a path taken from the cluster file's folder finds the password. The
        // password has a ';' that the connection string must quote, and the file ends its line.
        const string password = "s3cret;with=signs";
        Write(password + "\n", writtenAt);
        var path = Write(ClusterFile(database: $"{GoodDatabase}\n  password_file: {given}"), Path.Combine("conf", "cluster.yaml"));

        var config = ClusterConfigFile.Load(path);

        var bound = new NpgsqlConnectionStringBuilder(config.DatabaseConnection);
        Assert.Equal(password, bound.Password);
        Assert.Equal(new NpgsqlConnectionStringBuilder(Connection).Host, bound.Host);
    }

    [Fact]
    public void A_password_file_written_on_windows_loses_its_line_ending_too()
    {
        Write("hunter2\r\n", "cluster-password");
        var path = Write(ClusterFile(database: $"{GoodDatabase}\n  password_file: cluster-password"));

        Assert.Equal("hunter2", new NpgsqlConnectionStringBuilder(ClusterConfigFile.Load(path).DatabaseConnection).Password);
    }

    [Fact]
    public void A_password_file_that_is_not_there_is_refused_at_its_name_with_the_path_looked_at()
    {
        var problem = RefusedAtMark(ClusterFile(database: $"{GoodDatabase}\n  password_file: »missing-password"));

        Assert.StartsWith("password_file:", problem.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder.FullName, "missing-password"), problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("»colour: blue\n", "'colour'")]
    [InlineData("»hosts_file: other.yaml\n", "'hosts_file'")]
    public void An_unknown_top_level_key_is_refused_at_the_key_not_at_its_value(string extra, string named)
    {
        var problem = RefusedAtMark(ClusterFile(extra: extra));

        Assert.Contains(named, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_of_the_database_is_refused_at_the_key()
    {
        var problem = RefusedAtMark(ClusterFile(database: $"{GoodDatabase}\n  »password: hunter2"));

        Assert.Contains("'password'", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_of_a_host_is_refused_at_the_key()
    {
        var problem = RefusedAtMark(ClusterFile(hosts: "  - { name: testbed, address: 192.168.56.10, »port: 11111 }"));

        Assert.Contains("'port'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_inside_the_connection_string_is_refused_there_without_being_repeated()
    {
        var problem = RefusedAtMark(ClusterFile(database: $"  connection: »\"{Connection};Password=hunter2\""));

        Assert.StartsWith("connection:", problem.Message, StringComparison.Ordinal);
        Assert.Contains("password_file", problem.Message, StringComparison.Ordinal);
        // The message is printed and logged: the password it refuses must not be in it.
        Assert.DoesNotContain("hunter2", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_database_is_refused_at_the_start_of_the_file()
    {
        // No place in the file holds the missing key: the problem is at the mapping it belongs in.
        var problem = RefusedAtMark($"»cluster: lab\nhosts:\n{TwoHosts}\n");

        Assert.StartsWith("database:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_hosts_are_refused_at_the_start_of_the_file()
    {
        var problem = RefusedAtMark("»" + ClusterFile(hosts: null));

        Assert.StartsWith("hosts:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_list_of_hosts_is_refused_at_the_list()
    {
        var problem = RefusedAtMark(ClusterFile(hosts: null, extra: "hosts: »[]\n"));

        Assert.StartsWith("hosts:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_given_twice_is_refused_at_its_second_use()
    {
        var problem = RefusedAtMark(ClusterFile(hosts: """
              - { name: testbed, address: 192.168.56.10 }
              - { name: »testbed, address: 192.168.56.11 }
            """));

        Assert.Contains("'testbed'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("twice", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_given_to_two_hosts_is_refused_at_the_second_naming_the_first()
    {
        var problem = RefusedAtMark(ClusterFile(hosts: """
              - { name: testbed, address: 192.168.56.10 }
              - { name: testbed-2, address: 192.168.56.11 }
              - { name: testbed-3, address: »192.168.56.10 }
            """));

        Assert.Contains("192.168.56.10", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'testbed'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.10.20.30")]
    [InlineData("0.0.0.0")]
    [InlineData("\"::1\"")]
    [InlineData("\"2001:db8::11\"")]
    [InlineData("\"::ffff:192.168.56.11\"")]
    [InlineData("testbed-2.lab")]
    [InlineData("192.168.56.256")]
    public void A_loopback_unspecified_ipv6_or_unparsable_address_is_refused_at_the_address(string address)
    {
        var problem = RefusedAtMark(ClusterFile(hosts: $$"""
              - { name: testbed, address: 192.168.56.10 }
              - { name: testbed-2, address: »{{address}} }
            """));

        Assert.StartsWith("address:", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'testbed-2'", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("192.168.56")]
    [InlineData("10.1")]
    [InlineData("3232249867")]
    public void An_address_short_of_four_parts_is_refused_rather_than_read_as_another_address(string address)
    {
        // .NET's parser reads "192.168.56" as 192.168.0.56 and a bare number as a whole address:
        // a part left out by mistake would silently give the silo some other address.
        var problem = RefusedAtMark(ClusterFile(hosts: $"  - {{ name: testbed, address: »{address} }}"));

        Assert.StartsWith("address:", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("silo_port", "0")]
    [InlineData("silo_port", "70000")]
    [InlineData("silo_port", "65536")]
    [InlineData("silo_port", "-1")]
    [InlineData("gateway_port", "0")]
    [InlineData("gateway_port", "70000")]
    [InlineData("gateway_port", "\"30001\"")]
    [InlineData("gateway_port", "gateway")]
    public void A_port_out_of_range_or_not_a_number_is_refused_at_its_value(string key, string value)
    {
        var problem = RefusedAtMark(ClusterFile(extra: $"{key}: »{value}\n"));

        Assert.StartsWith($"{key}:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_port_equal_to_the_silo_port_is_refused_at_the_gateway_port()
    {
        const int port = 12000;
        var problem = RefusedAtMark(ClusterFile(extra: $"silo_port: {port}\ngateway_port: »{port}\n"));

        Assert.Contains("gateway_port", problem.Message, StringComparison.Ordinal);
        Assert.Contains("silo_port", problem.Message, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silo_port_equal_to_the_default_gateway_port_is_refused_at_the_silo_port_the_file_gave()
    {
        var problem = RefusedAtMark(ClusterFile(extra: $"silo_port: »{ClusterConfigFile.DefaultGatewayPort}\n"));

        Assert.StartsWith("silo_port:", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"lab one\"")]
    [InlineData("-lab")]
    [InlineData("_lab")]
    [InlineData("lab.one")]
    [InlineData("\"\"")]
    [InlineData("[lab]")]
    public void A_cluster_name_of_other_characters_is_refused_at_the_name(string cluster)
    {
        var problem = RefusedAtMark(ClusterFile(cluster: "»" + cluster));

        Assert.StartsWith("cluster:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_name_is_at_most_63_characters()
    {
        // The pattern allows one character and 62 more.
        var longest = "c" + new string('x', 62);
        Assert.Equal(longest, ClusterConfigFile.Load(Write(ClusterFile(cluster: longest))).ClusterId);

        var problem = RefusedAtMark(ClusterFile(cluster: "»" + longest + "x"));
        Assert.StartsWith("cluster:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_cluster_name_is_refused_at_the_start_of_the_file()
    {
        var problem = RefusedAtMark($"»database:\n{GoodDatabase}\nhosts:\n{TwoHosts}\n");

        Assert.StartsWith("cluster:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_file_is_reported_at_once_each_at_its_own_line()
    {
        var text = ClusterFile(cluster: "\"lab one\"", extra: "silo_port: 0\n", hosts: """
              - { name: testbed, address: 192.168.56.10 }
              - { name: testbed-2, address: 127.0.0.1 }
            """);
        var path = Write(text);
        var lines = text.Split('\n');
        int LineOf(string start) => Array.FindIndex(lines, l => l.TrimStart().StartsWith(start, StringComparison.Ordinal)) + 1;

        var refused = Assert.Throws<ExperimentFileException>(() => ClusterConfigFile.Load(path));

        Assert.Equal(
            new[] { LineOf("cluster:"), LineOf("silo_port:"), LineOf("- { name: testbed-2") },
            refused.Problems.Select(p => p.Location.Line).Order());
        Assert.All(refused.Problems, p => Assert.Equal(path, p.Location.File));
    }

    [Fact]
    public void A_file_that_is_a_list_rather_than_a_mapping_is_refused_at_its_start()
    {
        var problem = RefusedAtMark("»- cluster: lab\n- hosts: []\n");

        Assert.Contains("mapping", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_the_repository_ships_binds_once_its_password_file_is_there()
    {
        var example = File.ReadAllText(Testbed.TestSupport.RepositoryRoot.Combine("testbed", "cluster.example.yaml"));
        File.WriteAllText(Path.Combine(_folder.FullName, "secret"), "s3cret\n");
        var path = Path.Combine(_folder.FullName, "cluster.yaml");
        File.WriteAllText(path, example.Replace("/etc/testbed/cluster-password", "secret", StringComparison.Ordinal));

        var config = ClusterConfigFile.Load(path);

        Assert.Equal("testbed", config.Coordinator.Name);
        Assert.Equal(3, config.Hosts.Count);
        Assert.Equal("s3cret", new NpgsqlConnectionStringBuilder(config.DatabaseConnection).Password);
    }
}
