using System.Text.RegularExpressions;
using Testbed.Lab.Processes;
using Testbed.TestSupport;

namespace Testbed.IntegrationTests.Lab;

/// <summary>testbed/provision.sh on this machine, which testbed/test has just provisioned.</summary>
public sealed partial class ProvisionScriptTests : IDisposable
{
    private static readonly string Provision = RepositoryRoot.Combine("testbed", "provision.sh");

    /// <summary>A small package of Debian's main that nothing of the testbed installs: what "something missing" installs.</summary>
    private const string SmallPackage = "hello";

    private readonly string _osRelease = Path.GetTempFileName();
    private readonly DirectoryInfo _apt = Directory.CreateTempSubdirectory("tbt-apt-");

    public void Dispose()
    {
        File.Delete(_osRelease);
        _apt.Delete(recursive: true);
    }

    [Theory]
    [InlineData("deb822")]
    [InlineData("one-line")]
    public async Task With_package_lists_never_downloaded_it_finds_the_mirror_adds_backports_updates_and_installs(string format)
    {
        Assert.False(await InstalledAsync(SmallPackage), $"{SmallPackage} is installed already; the test needs it missing");
        var mirror = await DebianMirrorAsync();
        var config = IsolatedApt(format, mirror);
        Assert.Empty(Directory.GetFiles(Path.Combine(_apt.FullName, "lists")));
        try
        {
            var (result, _) = await ExternalCommand.RunAsync(Provision, [], Environment(config));

            Assert.True(result.Succeeded, result.StandardError);
            Assert.Contains($"adding bookworm-backports from {mirror}", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"installing {SmallPackage}", result.StandardOutput, StringComparison.Ordinal);
            Assert.True(await InstalledAsync(SmallPackage));
            var backports = await File.ReadAllTextAsync(Path.Combine(_apt.FullName, "sources.list.d", "testbed-bookworm-backports.sources"));
            Assert.Contains($"URIs: {mirror}\n", backports, StringComparison.Ordinal);
            Assert.Contains("Suites: bookworm-backports\n", backports, StringComparison.Ordinal);
            Assert.Contains(Directory.GetFiles(Path.Combine(_apt.FullName, "lists")), f => f.Contains("_dists_bookworm-backports_", StringComparison.Ordinal));

            // And run again, it finds everything there: nothing to say, nothing fetched.
            var (again, elapsed) = await ExternalCommand.RunAsync(Provision, [], Environment(config));
            Assert.True(again.Succeeded, again.StandardError);
            Assert.Equal("", again.StandardOutput + again.StandardError);
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed.TotalSeconds:0.00} s");
        }
        finally
        {
            await CommandRunner.RunAsync("apt-get", ["purge", "-y", "-qq", SmallPackage], TimeSpan.FromMinutes(2));
        }

        Assert.False(await InstalledAsync(SmallPackage));
    }

    [Fact]
    public async Task Sources_that_name_no_debian_suite_get_one_line_saying_where_to_look()
    {
        var config = IsolatedApt("other", "http://packages.example.invalid/debian");

        var (result, _) = await ExternalCommand.RunAsync(Provision, [], Environment(config));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"provision: cannot find the Debian mirror this machine uses for bookworm: no package source names it (see {Path.Combine(_apt.FullName, "sources.list")} and {Path.Combine(_apt.FullName, "sources.list.d")})",
            ExternalCommand.OnlyLine(result.StandardError));
    }

    [Fact]
    public async Task On_a_provisioned_machine_it_installs_nothing_and_takes_under_a_second()
    {
        var (result, elapsed) = await ExternalCommand.RunAsync(Provision, ["--test-tools"]);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("", result.StandardOutput + result.StandardError);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"took {elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Check_finds_nothing_missing_and_needs_no_root()
    {
        var (result, _) = await ExternalCommand.RunAsync(Provision, ["--check"], unprivileged: true);

        Assert.True(result.Succeeded, result.StandardError);
    }

    [Fact]
    public async Task An_unsupported_distribution_gets_one_line_naming_the_supported_ones()
    {
        await File.WriteAllTextAsync(_osRelease, "ID=fedora\nVERSION_ID=40\nPRETTY_NAME=\"Fedora Linux 40\"\n");

        var (result, _) = await ExternalCommand.RunAsync(Provision, [], new Dictionary<string, string?> { ["TESTBED_OS_RELEASE"] = _osRelease });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "provision: unsupported distribution 'Fedora Linux 40'; supported: Debian 12, Ubuntu 22.04, Ubuntu 24.04 (or use the Vagrant lab: vagrant up)",
            ExternalCommand.OnlyLine(result.StandardError));
    }

    [Fact]
    public async Task Without_root_it_says_to_use_sudo()
    {
        var (result, _) = await ExternalCommand.RunAsync(Provision, [], unprivileged: true);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("provision: needs root to install packages: run 'sudo testbed/provision.sh'", ExternalCommand.OnlyLine(result.StandardError));
    }

    /// <summary>
    /// An apt of its own: sources in the given format naming <paramref name="mirror"/>, an
    /// empty list directory (as on a machine that never ran apt-get update) and a cache of
    /// its own. The machine's dpkg database is the real one, so what it installs is real.
    /// </summary>
    private string IsolatedApt(string format, string mirror)
    {
        var root = _apt.FullName;
        foreach (var folder in (string[])["lists/partial", "cache/archives/partial", "sources.list.d"])
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        const string keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
        var sourceList = Path.Combine(root, "sources.list");
        switch (format)
        {
            case "deb822":
                File.WriteAllText(sourceList, "");
                File.WriteAllText(Path.Combine(root, "sources.list.d", "debian.sources"),
                    $"Types: deb\nURIs: {mirror}\nSuites: bookworm\nComponents: main\nSigned-By: {keyring}\n");
                break;
            case "one-line":
                File.WriteAllText(sourceList, $"deb [signed-by={keyring}] {mirror} bookworm main\n");
                break;
            default:
                File.WriteAllText(sourceList, $"deb [trusted=yes] {mirror} nodistro main\n");
                break;
        }

        var config = Path.Combine(root, "apt.conf");
        File.WriteAllText(config, $"""
            Dir::Etc::sourcelist "{sourceList}";
            Dir::Etc::sourceparts "{Path.Combine(root, "sources.list.d")}";
            Dir::State::Lists "{Path.Combine(root, "lists")}";
            Dir::Cache "{Path.Combine(root, "cache")}";
            """);
        return config;
    }

    private static Dictionary<string, string?> Environment(string aptConfig) =>
        new() { ["APT_CONFIG"] = aptConfig, ["TESTBED_PROVISION_EXTRA"] = SmallPackage };

    /// <summary>The mirror the machine's own sources name for bookworm, as apt itself lists what it would fetch.</summary>
    private static async Task<string> DebianMirrorAsync()
    {
        var uris = await CommandRunner.RunCheckedAsync("apt-get", ["update", "--print-uris"]);
        return Assert.Single(MirrorPattern().Matches(uris.StandardOutput).Select(m => m.Groups[1].Value).Distinct());
    }

    private static async Task<bool> InstalledAsync(string package) =>
        (await CommandRunner.RunAsync("dpkg-query", ["-W", "-f=${db:Status-Abbrev}", package], TimeSpan.FromSeconds(30))).StandardOutput == "ii ";

    [GeneratedRegex(@"^'([^']+)/dists/bookworm/InRelease'", RegexOptions.Multiline)]
    private static partial Regex MirrorPattern();

    [Fact]
    public async Task An_unknown_option_gets_one_line()
    {
        var (result, _) = await ExternalCommand.RunAsync(Provision, ["--frobnicate"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown option '--frobnicate'", ExternalCommand.OnlyLine(result.StandardError), StringComparison.Ordinal);
    }
}
