namespace Testbed.Client.Commands;

/// <summary>"start": the users begin, their arrivals counted from now. The client waits for it after its ready record, so that its own start-up is over before the host's clock starts.</summary>
internal sealed record StartCommand : ClientCommand;
