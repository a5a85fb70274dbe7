namespace Testbed.Client.Options;

/// <summary>A bad or missing argument or command; the message is one line that says which and why.</summary>
internal sealed class UsageException(string message) : Exception(message);
