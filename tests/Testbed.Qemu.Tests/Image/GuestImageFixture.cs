using Testbed.Lab.Machine;
using Testbed.Qemu.Image;

namespace Testbed.Qemu.Tests.Image;

/// <summary>The guest image, built (or found in the cache) once for the tests that boot it, as a run would.</summary>
public sealed class GuestImageFixture : IAsyncLifetime
{
    public GuestImage Image { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var kernel = GuestKernel.Find() ?? throw new InvalidOperationException("no guest kernel: run 'sudo testbed/provision.sh'");
        Image = await GuestImageBuilder.BuildAsync(kernel, GuestBinary.Locate(), GuestImageBuilder.DefaultCache);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
