namespace Testbed.Qemu.Qmp;

/// <summary>
/// The stream itself failed: it ended (QEMU exited, the socket closed), was cut in the
/// middle of a message, or carried something that is not QMP. Every command in flight
/// fails with it, and the client cannot be used again.
/// </summary>
public sealed class QmpProtocolException : Exception
{
    public QmpProtocolException(string message)
        : base(message)
    {
    }

    public QmpProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
