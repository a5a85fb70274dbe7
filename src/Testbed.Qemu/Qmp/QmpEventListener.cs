using System.Threading.Channels;

namespace Testbed.Qemu.Qmp;

/// <summary>
/// One listener's own queue of events, filtered by name (all events when no names are
/// given). Listeners never steal events from each other. Disposing stops delivery.
/// </summary>
public sealed class QmpEventListener : IDisposable
{
    private readonly Channel<QmpEvent> _channel = Channel.CreateUnbounded<QmpEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _names;
    private readonly Action<QmpEventListener> _unsubscribe;

    internal QmpEventListener(IEnumerable<string> names, Action<QmpEventListener> unsubscribe)
    {
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<QmpEvent> Events => _channel.Reader;

    /// <summary>Waits for the next event this listener accepts; throws the stream's failure if it ends first.</summary>
    public async Task<QmpEvent> NextAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _channel.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is not null)
        {
            throw closed.InnerException;
        }
    }

    internal bool Accepts(string name) => _names.Count == 0 || _names.Contains(name);

    internal void Deliver(QmpEvent qmpEvent) => _channel.Writer.TryWrite(qmpEvent);

    internal void Complete(Exception? failure) => _channel.Writer.TryComplete(failure);

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
