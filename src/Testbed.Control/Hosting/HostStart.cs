using Microsoft.Extensions.Hosting;

namespace Testbed.Control.Hosting;

/// <summary>Starts a built silo or client host; one that fails to start is disposed, so nothing of it stays.</summary>
internal static class HostStart
{
    public static async Task<IHost> StartOrDisposeAsync(this IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
