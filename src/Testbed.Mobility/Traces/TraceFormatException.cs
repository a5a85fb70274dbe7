namespace Testbed.Mobility.Traces;

/// <summary>A trace that cannot be replayed; the message starts with <c>file:line:</c>.</summary>
public sealed class TraceFormatException : Exception
{
    public TraceFormatException()
    {
    }

    public TraceFormatException(string message)
        : base(message)
    {
    }

    public TraceFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public static TraceFormatException At(string path, int line, string message) => new($"{path}:{line}: {message}");
}
