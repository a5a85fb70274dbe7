using Testbed.Mechanisms.Guests;
using Testbed.Qemu.Host;
using Testbed.Workload.Protocol;

namespace Testbed.Mechanisms.Mobility;

/// <summary>Once the destination runs: the guest takes its new address over the agent channel, then the directory publishes it.</summary>
public sealed class ReaddressMove : PreparedMove
{
    /// <summary>How long the guest may take to answer on its agent channel; a resumed TCG guest needs a few hundred milliseconds.</summary>
    public static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(20);

    private readonly GuestSpec _guest;
    private readonly GuestAddressing _next;
    private readonly ServiceDirectory _directory;

    internal ReaddressMove(GuestSpec guest, GuestAddressing next, ServiceDirectory directory)
    {
        _guest = guest;
        _next = next;
        _directory = directory;
    }

    public GuestAddressing NewAddressing => _next;

    public override async Task CompleteAsync(QemuVm? destination, CancellationToken cancellationToken = default)
    {
        if (destination is null)
        {
            throw new ArgumentNullException(nameof(destination), "readdress tells the guest its new address through its own QEMU, which must run on this machine");
        }

        var answer = await GuestAgent.SendAsync(destination, ControlLine.SetAddress(_next.Address, _next.PrefixLength, _next.Gateway), AgentTimeout, cancellationToken);
        if (answer != ControlLine.Ok)
        {
            throw new InvalidOperationException($"{_guest.Name} refused its new address {_next}: {answer}");
        }

        Record("readdressed");
        _directory.Publish(_guest.Name, _next.Address);
        Record("published");
    }
}
