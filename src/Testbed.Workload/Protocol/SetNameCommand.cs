namespace Testbed.Workload.Protocol;

/// <summary>"!name NAME": the name the VM answers as; a new replica takes its own after cloning.</summary>
public sealed record SetNameCommand(string Name) : ControlCommand
{
    public override string Line => Name.Length > 0 && !Name.Contains(' ', StringComparison.Ordinal)
        ? $"{ControlLine.Marker}name {Name}"
        : throw new FormatException($"a VM's name is one word, not '{Name}'");
}
