namespace Testbed.Mechanisms.Mobility;

/// <summary>A move the network learns by itself, from the announcement QEMU sends for the VM when the destination resumes.</summary>
public sealed class AnnouncedMove : PreparedMove
{
}
