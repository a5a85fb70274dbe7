namespace Testbed.Workload.Clients;

/// <summary>"stop": issue nothing more, let what is in flight finish, write the last records and exit 0.</summary>
public sealed record StopCommand : ClientCommand
{
    public override string Line => "stop";
}
