using Xunit;
using Testbed.Qemu.Image;

namespace Testbed.TestSupport;

/// <summary>The guest image, built (or found in the cache) once for the tests that boot it, as a run would.</summary>
public sealed class GuestImageFixture : IAsyncLifetime
{
    public GuestImage Image { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Image = await GuestImageBuilder.BuildDefaultAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
