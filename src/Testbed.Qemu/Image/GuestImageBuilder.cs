using System.Security.Cryptography;
using System.Text;
using Testbed.Lab.Processes;
using Testbed.Workload.Guests;

namespace Testbed.Qemu.Image;

/// <summary>
/// Builds the guest image: the distro's guest kernel as it is, and an initramfs holding
/// testbed-guest as /init, the shared libraries it needs, /dev/console, and the virtio
/// modules with a load-order list. Images are content-addressed: the archive is built
/// in memory (it is a few megabytes), hashed with the kernel, and written under that
/// hash only if it is not in the cache already.
/// </summary>
public static class GuestImageBuilder
{
    public const string DefaultCache = "/var/cache/testbed/images";

    /// <summary>What the guest needs from the kernel that Debian's and Ubuntu's guest kernels build as modules.</summary>
    public static readonly IReadOnlyList<string> GuestModules = ["virtio_pci", "virtio_net"];

    /// <summary>
    /// Host programs the tools image carries at the same path: iperf3, whose server the guest
    /// then runs. The default image leaves them out: with libcrypto they add 5.8 MB to a rootfs
    /// that lives in guest RAM, and a 96 MiB guest with its dirtying load then ran out of memory.
    /// </summary>
    public static readonly IReadOnlyList<string> ToolPrograms = ["/usr/bin/iperf3"];

    private const int Executable = 0x1ED; // 0755
    private const int Readable = 0x1A4;   // 0644

    /// <summary>The image of this machine's guest kernel and the published testbed-guest, in the default cache: what runs, benchmarks and tests boot.</summary>
    public static Task<GuestImage> BuildDefaultAsync(CancellationToken cancellationToken = default) => BuildOnThisMachineAsync([], cancellationToken);

    /// <summary>As <see cref="BuildDefaultAsync"/>, with the <see cref="ToolPrograms"/> in it; its guests need <see cref="GuestMemory.ToolsMinimumMib"/>.</summary>
    public static Task<GuestImage> BuildWithToolsAsync(CancellationToken cancellationToken = default) => BuildOnThisMachineAsync(ToolPrograms, cancellationToken);

    /// <param name="programs">Host programs copied into the image at the same path, with the libraries they need.</param>
    public static async Task<GuestImage> BuildAsync(
        string kernel, string guestBinary, string cacheRoot, IReadOnlyList<string>? programs = null, CancellationToken cancellationToken = default)
    {
        programs ??= [];
        var release = Path.GetFileName(kernel)["vmlinuz-".Length..];
        var modulesTree = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(kernel))!, "lib", "modules", release);
        var modules = await new KernelModules(modulesTree).ResolveAsync(GuestModules, cancellationToken);
        var libraries = new SortedSet<string>(await SharedLibraries.OfAsync(guestBinary, cancellationToken), StringComparer.Ordinal);
        foreach (var program in programs)
        {
            libraries.UnionWith(await SharedLibraries.OfAsync(program, cancellationToken));
        }

        var archive = new MemoryStream();
        var writer = new NewcArchiveWriter(archive);
        var guestModules = modules.Select(m => "/lib/modules/" + ModuleFileName(m)).ToList();
        foreach (var directory in WithParents(["/dev", "/proc", "/sys", "/tmp", "/lib/modules", .. libraries.Concat(programs).Select(l => Path.GetDirectoryName(l)!)]))
        {
            writer.AddDirectory(directory);
        }

        writer.AddCharacterDevice("/dev/console", 5, 1);
        writer.AddFile("/init", await File.ReadAllBytesAsync(guestBinary, cancellationToken), Executable);
        foreach (var file in libraries.Concat(programs))
        {
            writer.AddFile(file, await File.ReadAllBytesAsync(file, cancellationToken), Executable);
        }

        for (var i = 0; i < modules.Count; i++)
        {
            writer.AddFile(guestModules[i], await ReadModuleAsync(modules[i], cancellationToken), Readable);
        }

        writer.AddFile("/modules.load", Encoding.UTF8.GetBytes(string.Join('\n', guestModules) + "\n"), Readable);
        writer.Finish();

        var kernelBytes = await File.ReadAllBytesAsync(kernel, cancellationToken);
        var id = Identify(kernelBytes, archive.GetBuffer().AsSpan(0, (int)archive.Length));
        var imageDirectory = Path.Combine(cacheRoot, id);
        var image = new GuestImage(id, imageDirectory, Path.Combine(imageDirectory, "vmlinuz"), Path.Combine(imageDirectory, "initramfs.cpio"), guestModules);
        if (File.Exists(image.Initramfs))
        {
            return image;
        }

        // Written beside the cache entry, then renamed into place: a crash never leaves half an image under the id.
        Directory.CreateDirectory(cacheRoot);
        var staging = Path.Combine(cacheRoot, $".{id}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        await File.WriteAllBytesAsync(Path.Combine(staging, "vmlinuz"), kernelBytes, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(staging, "initramfs.cpio"), archive.ToArray(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(staging, "inputs.txt"),
            $"kernel {kernel}\nguest {guestBinary}\nprograms {string.Join(' ', programs)}\nmodules {string.Join(' ', modules)}\nlibraries {string.Join(' ', libraries)}\n", cancellationToken);
        try
        {
            Directory.Move(staging, imageDirectory);
        }
        catch (IOException) when (File.Exists(image.Initramfs))
        {
            // Another build of the same inputs won the race; its image is the same bytes.
            Directory.Delete(staging, recursive: true);
        }

        return image;
    }

    private static Task<GuestImage> BuildOnThisMachineAsync(IReadOnlyList<string> programs, CancellationToken cancellationToken)
    {
        var kernel = Lab.Machine.GuestKernel.Find()
            ?? throw new FileNotFoundException($"no guest kernel: run 'sudo testbed/provision.sh' (it unpacks {Lab.Machine.GuestKernel.Package})");
        var missing = programs.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
        {
            throw new FileNotFoundException($"{missing} is not installed, and the tools image carries it: run 'sudo testbed/provision.sh'");
        }

        return BuildAsync(kernel, GuestBinary.Locate(), DefaultCache, programs, cancellationToken);
    }

    private static string Identify(ReadOnlySpan<byte> kernel, ReadOnlySpan<byte> initramfs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(kernel);
        hash.AppendData(initramfs);
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>These directories and all their parents, each once, parents first (ordinal order puts "/a" before "/a/b").</summary>
    internal static SortedSet<string> WithParents(IEnumerable<string> directories)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in directories)
        {
            for (var directory = start; !string.IsNullOrEmpty(directory) && directory != "/"; directory = Path.GetDirectoryName(directory))
            {
                all.Add(directory);
            }
        }

        return all;
    }

    internal static string ModuleFileName(string module)
    {
        var name = Path.GetFileName(module);
        return name[..(name.IndexOf(".ko", StringComparison.Ordinal) + 3)];
    }

    /// <summary>Compressed modules (Ubuntu's .ko.zst) are unpacked here: the guest loads plain ELF.</summary>
    internal static async Task<byte[]> ReadModuleAsync(string module, CancellationToken cancellationToken)
    {
        var tool = module.EndsWith(".zst", StringComparison.Ordinal) ? "zstd" : module.EndsWith(".xz", StringComparison.Ordinal) ? "xz" : null;
        if (tool is null)
        {
            return await File.ReadAllBytesAsync(module, cancellationToken);
        }

        var plain = Path.GetTempFileName();
        try
        {
            await CommandRunner.RunCheckedAsync("sh", ["-c", $"{tool} -d -q -c \"$1\" > \"$2\"", "sh", module, plain], cancellationToken);
            return await File.ReadAllBytesAsync(plain, cancellationToken);
        }
        finally
        {
            File.Delete(plain);
        }
    }
}
