namespace Testbed.Lab.Machine;

/// <summary>
/// The distro kernel that guests boot: Debian's cloud kernel (linux-image-cloud-amd64) or
/// Ubuntu's virtual one (linux-image-virtual, installed as -generic). provision.sh installs it.
/// </summary>
public static class GuestKernel
{
    /// <summary>The newest guest kernel in /boot, or null when none is installed.</summary>
    public static string? Find(string bootDirectory = "/boot")
    {
        if (!Directory.Exists(bootDirectory))
        {
            return null;
        }

        var kernels = Directory.GetFiles(bootDirectory, "vmlinuz-*");
        return kernels.Where(k => k.EndsWith("-cloud-amd64", StringComparison.Ordinal)).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            ?? kernels.Where(k => k.EndsWith("-generic", StringComparison.Ordinal)).OrderDescending(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>The Debian or Ubuntu package that brings a guest kernel, for messages.</summary>
    public const string Package = "linux-image-cloud-amd64 (Ubuntu: linux-image-virtual)";
}
