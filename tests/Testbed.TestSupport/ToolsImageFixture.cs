using Xunit;
using Testbed.Qemu.Image;

namespace Testbed.TestSupport;

/// <summary>The tools image (the default one plus iperf3), for tests that run programs nobody here wrote against a guest.</summary>
public sealed class ToolsImageFixture : IAsyncLifetime
{
    public GuestImage Image { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Image = await GuestImageBuilder.BuildWithToolsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
