namespace Testbed.Qemu.Host;

/// <summary>How QEMU runs a guest's CPU: translated (TCG, everywhere) or on the host's (KVM, where a real guest boots under it).</summary>
public enum Accelerator
{
    Tcg,
    Kvm,
}
