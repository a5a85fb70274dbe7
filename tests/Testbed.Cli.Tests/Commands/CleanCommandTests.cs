using System.Text.Json;
using Testbed.TestSupport;

namespace Testbed.Cli.Tests.Commands;

/// <summary>`testbed clean` against a run started the way runs start, then abandoned.</summary>
public sealed class CleanCommandTests : ScratchRootTest
{
    private static string[] Strings(JsonElement report, string key) =>
        [.. report.GetProperty(key).EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task Clean_removes_the_namespace_tap_qemu_and_socket_and_a_second_clean_is_a_no_op()
    {
        var crashed = await CrashedRun.StartAsync(Scratch.Root);

        var first = await TestbedCommand.RunAsync(Scratch.Path, "clean", "--json");

        Assert.True(first.Succeeded, first.StandardError);
        using (var json = JsonDocument.Parse(first.StandardOutput))
        {
            var report = json.RootElement;
            Assert.Contains($"vm-qemu (pid {crashed.Qemu.Pid})", Strings(report, "stopped_processes"));
            Assert.Contains(crashed.Namespace, Strings(report, "removed_namespaces"));
            Assert.Contains($"interface {crashed.Tap} in {crashed.Namespace}", Strings(report, "removed_interfaces"));
            Assert.Contains(crashed.QmpSocket, Strings(report, "removed_sockets"));
            Assert.Empty(Strings(report, "problems"));
        }

        Assert.False(HostState.IsRunning(crashed.Qemu));
        Assert.False(await HostState.NamespaceExistsAsync(crashed.Namespace));
        Assert.False(await HostState.LinkExistsAsync(crashed.Tap));
        Assert.False(File.Exists(crashed.QmpSocket));

        var second = await TestbedCommand.RunAsync(Scratch.Path, "clean", "--json");
        Assert.True(second.Succeeded, second.StandardError);
        using (var json = JsonDocument.Parse(second.StandardOutput))
        {
            Assert.All(json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array),
                list => Assert.Empty(list.Value.EnumerateArray()));
        }

        var human = await TestbedCommand.RunAsync(Scratch.Path, "clean");
        Assert.True(human.Succeeded, human.StandardError);
        Assert.StartsWith("Nothing to clean", human.StandardOutput, StringComparison.Ordinal);
    }
}
