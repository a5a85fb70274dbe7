namespace Testbed.Qemu.Qmp;

/// <summary>QEMU's version from the greeting, for example 7.2.22.</summary>
public sealed record QmpVersion(int Major, int Minor, int Micro, string Package)
{
    public override string ToString() => $"{Major}.{Minor}.{Micro}";
}
