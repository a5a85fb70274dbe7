using System.Runtime.InteropServices;
using Testbed.Control.Runs;

namespace Testbed.Cli.Runs;

/// <summary>
/// What SIGINT and SIGTERM do to this process: the first stops the command (a run stops its
/// timeline, tears down and writes its summary), the second hurries the teardown, and only a
/// third is left to the default, which ends the process at once.
/// </summary>
internal static class ProcessInterruption
{
    public static RunInterruption Current { get; } = new();

    /// <summary>Handles the signals until the returned registrations are disposed.</summary>
    public static IDisposable Handle() => new Registrations(
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = Current.Request("interrupted (SIGINT)")),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Current.Request("terminated (SIGTERM)")),
    ]);

    private sealed class Registrations(IReadOnlyList<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }
}
