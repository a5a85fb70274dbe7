using System.Text.Json;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

public sealed class DoctorCommandTests : ScratchRootTest
{
    [Fact]
    public async Task Json_holds_every_documented_key_with_its_type()
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, "doctor", "--json");

        Assert.True(result.Succeeded, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.True(root.GetProperty("netem").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.True(root.GetProperty("kvm_usable").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Equal(root.GetProperty("kvm_usable").GetBoolean() ? "kvm" : "tcg", root.GetProperty("accel").GetString());
        foreach (var key in (string[])["qemu_version", "mininet_version", "libpython", "dotnet_version", "postgres"])
        {
            Assert.Equal(JsonValueKind.String, root.GetProperty(key).ValueKind);
        }

        Assert.True(root.GetProperty("docker").ValueKind is JsonValueKind.String or JsonValueKind.Null);
        Assert.True(root.GetProperty("cpus").GetInt32() >= 1);
        Assert.True(root.GetProperty("memory_gib").GetDouble() > 0);
        Assert.Empty(Scratch.Root.RunDirectories());
    }

    [Fact]
    public async Task The_human_form_says_what_vms_and_links_will_use()
    {
        var result = await TestbedCommand.RunAsync(Scratch.Path, "doctor");

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Contains("VMs will use", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("netem", result.StandardOutput, StringComparison.Ordinal);
    }
}
