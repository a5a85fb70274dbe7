using Testbed.TestSupport;

namespace Testbed.IntegrationTests.Lab;

/// <summary>The Vagrantfile, checked by Debian's own vagrant with vagrant-libvirt (installed by provision.sh --test-tools).</summary>
public sealed class VagrantfileTests
{
    [Fact]
    public async Task Vagrant_validate_accepts_it()
    {
        var (result, _) = await ExternalCommand.RunAsync("vagrant", ["validate"]);

        Assert.True(result.Succeeded, result.StandardOutput + result.StandardError);
        Assert.Contains("validated successfully", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cpus_and_memory_come_from_the_environment_and_nonsense_is_refused_in_one_line()
    {
        var (good, _) = await ExternalCommand.RunAsync("vagrant", ["validate"],
            new Dictionary<string, string?> { ["TESTBED_CPUS"] = "8", ["TESTBED_MEMORY_MIB"] = "16384" });
        var (bad, _) = await ExternalCommand.RunAsync("vagrant", ["validate"],
            new Dictionary<string, string?> { ["TESTBED_MEMORY_MIB"] = "lots" });

        Assert.True(good.Succeeded, good.StandardError);
        Assert.False(bad.Succeeded);
        Assert.Equal("TESTBED_MEMORY_MIB must be a positive whole number, not 'lots'", ExternalCommand.OnlyLine(bad.StandardError));
    }

    [Fact]
    public async Task Several_hosts_are_one_machine_each_and_a_count_that_is_no_count_is_refused_in_one_line()
    {
        var three = new Dictionary<string, string?> { ["TESTBED_HOSTS"] = "3" };
        var (valid, _) = await ExternalCommand.RunAsync("vagrant", ["validate"], three);
        var (status, _) = await ExternalCommand.RunAsync("vagrant", ["status"], three);
        var (bad, _) = await ExternalCommand.RunAsync("vagrant", ["validate"], new Dictionary<string, string?> { ["TESTBED_HOSTS"] = "some" });

        Assert.True(valid.Succeeded, valid.StandardOutput + valid.StandardError);
        Assert.Contains("validated successfully", valid.StandardOutput, StringComparison.Ordinal);
        foreach (var machine in (string[])["testbed ", "testbed-2 ", "testbed-3 "])
        {
            Assert.Contains(machine, status.StandardOutput, StringComparison.Ordinal);
        }

        Assert.False(bad.Succeeded);
        Assert.Equal("TESTBED_HOSTS must be a positive whole number, not 'some'", ExternalCommand.OnlyLine(bad.StandardError));
    }

    [Fact]
    public void It_provisions_with_the_script_ci_runs_and_forwards_grafana()
    {
        var vagrantfile = File.ReadAllText(RepositoryRoot.Combine("Vagrantfile"));

        Assert.Contains("path: \"testbed/provision.sh\"", vagrantfile, StringComparison.Ordinal);
        Assert.Contains("guest: 3000", vagrantfile, StringComparison.Ordinal);
        Assert.Contains("debian/bookworm64", vagrantfile, StringComparison.Ordinal);
        Assert.Contains("nested = true", vagrantfile, StringComparison.Ordinal);
        Assert.Contains("--nested-hw-virt", vagrantfile, StringComparison.Ordinal);
    }
}
