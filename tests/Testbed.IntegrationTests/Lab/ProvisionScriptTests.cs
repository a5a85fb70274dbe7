using Testbed.TestSupport;

namespace Testbed.IntegrationTests.Lab;

/// <summary>testbed/provision.sh on this machine, which testbed/test has just provisioned.</summary>
public sealed class ProvisionScriptTests : IDisposable
{
    private static readonly string Provision = RepositoryRoot.Combine("testbed", "provision.sh");
    private readonly string _osRelease = Path.GetTempFileName();

    public void Dispose() => File.Delete(_osRelease);

    [Fact]
    public async Task On_a_provisioned_machine_it_installs_nothing_and_takes_under_5_s()
    {
        var (result, elapsed) = await ExternalCommand.RunAsync(Provision, ["--test-tools"]);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("", result.StandardOutput + result.StandardError);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed.TotalSeconds:0.0} s");
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

    [Fact]
    public async Task An_unknown_option_gets_one_line()
    {
        var (result, _) = await ExternalCommand.RunAsync(Provision, ["--frobnicate"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown option '--frobnicate'", ExternalCommand.OnlyLine(result.StandardError), StringComparison.Ordinal);
    }
}
