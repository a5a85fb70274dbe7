using Xunit;

namespace Testbed.TestSupport;

/// <summary>A test class whose every test gets a runtime root of its own, cleaned afterwards whatever happened.</summary>
public abstract class ScratchRootTest : IAsyncLifetime
{
    protected ScratchRuntimeRoot Scratch { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Scratch.DisposeAsync();
}
