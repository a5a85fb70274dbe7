using Testbed.Control.Hosts;

namespace Testbed.Control.Tests.Fakes;

/// <summary>A run that stops when it is aborted, or when the test's cluster goes.</summary>
internal sealed class FakeRunLifetime : IRunLifetime, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _hurrying = new();

    public CancellationToken Stopping => _stopping.Token;

    public string? AbortReason { get; private set; }

    public void Abort(string reason)
    {
        AbortReason ??= reason;
        _stopping.Cancel();
    }

    public CancellationToken Hurrying => _hurrying.Token;

    public void Hurry() => _hurrying.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        _hurrying.Dispose();
    }
}
