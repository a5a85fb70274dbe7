namespace Testbed.Workload.Clients;

/// <summary>"start": the users begin, their arrivals counted from now. The client waits for it after its ready record, so that its own start-up is over before the host's clock starts.</summary>
public sealed record StartCommand : ClientCommand
{
    public override string Line => "start";
}
