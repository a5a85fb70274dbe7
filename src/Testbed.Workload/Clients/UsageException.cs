namespace Testbed.Workload.Clients;

/// <summary>A bad or missing argument or command; the message is one line that says which and why.</summary>
public sealed class UsageException(string message) : Exception(message);
