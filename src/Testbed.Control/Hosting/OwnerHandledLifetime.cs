using Microsoft.Extensions.Hosting;

namespace Testbed.Control.Hosting;

/// <summary>
/// The silo's lifetime when the process that hosts it handles the signals itself. The
/// default console lifetime would take SIGINT and SIGTERM and stop the silo under a run
/// that is still going; `testbed run` instead stops the run, tears it down, and then stops
/// the silo.
/// </summary>
internal sealed class OwnerHandledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
