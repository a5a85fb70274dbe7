namespace Testbed.Topology.Zoo;

/// <summary>
/// Options an import cannot follow (a count the network cannot hold, a name it does not have).
/// <see cref="Option"/> names the <see cref="ZooImportOptions"/> property at fault, so a command
/// line can name its flag and an experiment file its field; it is null when the network itself
/// is at fault (it has no nodes).
/// </summary>
public sealed class ZooImportException(string? option, string message) : Exception(message)
{
    public string? Option { get; } = option;
}
