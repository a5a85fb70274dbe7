using Testbed.Workload.Hosting;

namespace Testbed.Client.Tests.Hosting;

public sealed class ClientProgramTests
{
    [Fact]
    public void The_client_is_found_beside_the_tests_with_what_dotnet_needs_to_run_it()
    {
        var path = ClientProgram.Locate();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, ClientProgram.FileName), path);
        Assert.True(File.Exists(path));
        Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), "dotnet cannot start a dll without its runtimeconfig.json");
    }
}
