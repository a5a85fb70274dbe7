using System.Globalization;
using System.Text.RegularExpressions;

namespace Testbed.Lab.Machine;

/// <summary>
/// The distro kernel that guests boot: Debian's cloud kernel (linux-image-cloud-amd64) or
/// Ubuntu's virtual one (linux-image-virtual, a -generic kernel). provision.sh unpacks its
/// package into <see cref="TestbedRoot"/> rather than installing it, so the host's boot
/// menu never changes; a kernel installed in /boot by hand is used when that is missing.
/// </summary>
public static partial class GuestKernel
{
    /// <summary>The Debian or Ubuntu package that brings a guest kernel, for messages.</summary>
    public const string Package = "linux-image-cloud-amd64 (Ubuntu: linux-image-virtual)";

    /// <summary>Where provision.sh unpacks the guest kernel package: boot/vmlinuz-* and lib/modules/*.</summary>
    public const string TestbedRoot = "/var/lib/testbed/guest-kernel";

    /// <summary>The guest kernel the testbed uses: the unpacked one, else one in /boot, else null.</summary>
    public static string? Find() => Find(Path.Combine(TestbedRoot, "boot")) ?? Find("/boot");

    /// <summary>The newest guest kernel in a boot directory, preferring Debian's cloud flavour, or null.</summary>
    public static string? Find(string bootDirectory)
    {
        if (!Directory.Exists(bootDirectory))
        {
            return null;
        }

        var kernels = Directory.GetFiles(bootDirectory, "vmlinuz-*");
        return Newest(kernels.Where(k => k.EndsWith("-cloud-amd64", StringComparison.Ordinal)))
            ?? Newest(kernels.Where(k => k.EndsWith("-generic", StringComparison.Ordinal)));
    }

    /// <summary>Compares release numbers as numbers, so 6.1.0-56 is newer than 6.1.0-9.</summary>
    private static string? Newest(IEnumerable<string> kernels) =>
        kernels.OrderByDescending(ReleaseNumbers, Comparer<long[]>.Create(CompareNumbers)).FirstOrDefault();

    private static long[] ReleaseNumbers(string kernel) =>
        [.. Numbers().Matches(Path.GetFileName(kernel)).Select(m => long.Parse(m.Value, CultureInfo.InvariantCulture))];

    private static int CompareNumbers(long[]? left, long[]? right)
    {
        left ??= [];
        right ??= [];
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            if (left[i] != right[i])
            {
                return left[i].CompareTo(right[i]);
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
