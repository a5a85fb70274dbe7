namespace Testbed.Client.Commands;

/// <summary>"stop": issue nothing more, let what is in flight finish, write the last records and exit 0.</summary>
internal sealed record StopCommand : ClientCommand;
