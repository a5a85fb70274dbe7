namespace Testbed.Qemu.Host;

/// <summary>The accelerators by the names QEMU's -accel, the doctor and summary.json use.</summary>
public static class Accelerators
{
    public static string Name(this Accelerator accelerator) => accelerator switch
    {
        Accelerator.Kvm => "kvm",
        _ => "tcg",
    };

    public static Accelerator Parse(string name) => name switch
    {
        "kvm" => Accelerator.Kvm,
        "tcg" => Accelerator.Tcg,
        _ => throw new FormatException($"unknown accelerator '{name}' (known: tcg, kvm)"),
    };
}
